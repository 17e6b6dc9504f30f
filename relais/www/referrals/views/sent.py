"""The referring professional's side: the referrals their organisation sent, one referral with the service's
answer or questions, a reply, a cancellation."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.core.errors import DomainError
from relais.journal.services import journal_record
from relais.referrals import selectors, services
from relais.www.decorators import allowed
from relais.www.referrals.common import list_rows, organisation_or_refuse, referral_or_404
from relais.www.referrals.forms import ReplyForm


@allowed("referrals.sent")
def sent_list(request):
    organisation = organisation_or_refuse(request)
    referrals = selectors.sent_by(organisation=organisation)
    journal_record(
        action="referral.listed",
        actor=request.user,
        organisation=organisation,
        details={"count": len(referrals), "screen": "sent", "persons": [r.person_id for r in referrals]},
    )
    return render(
        request,
        "referrals/sent_list.html",
        {"title": _("Orientations envoyées"), "rows": list_rows(referrals, "referrals:sent_detail")},
    )


@allowed("referrals.sent")
def sent_detail(request, referral_id: int):
    referral = referral_or_404(request, referral_id, "referrals.view_sent")
    journal_record(
        action="referral.viewed",
        actor=request.user,
        organisation=referral.organisation_id,
        person=referral.person_id,
        obj=referral,
        details={"service": referral.service_name, "screen": "sent_detail"},
    )
    return render(
        request,
        "referrals/sent_detail.html",
        {
            "title": _("Orientation vers « %(service)s »") % {"service": referral.service_name},
            "referral": referral,
            "form": ReplyForm(),
        },
    )


@require_POST
@allowed("referrals.sent")
def sent_reply(request, referral_id: int):
    referral = referral_or_404(request, referral_id, "referrals.view_sent")
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.referral_reply(referral=referral, text=form.cleaned_data["text"], actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Votre réponse est envoyée au service."))
            return redirect("referrals:sent_detail", referral_id=referral.pk)
    journal_record(
        action="referral.viewed",
        actor=request.user,
        organisation=referral.organisation_id,
        person=referral.person_id,
        obj=referral,
        details={"service": referral.service_name, "screen": "sent_reply"},
    )
    return render(
        request,
        "referrals/sent_detail.html",
        {
            "title": _("Orientation vers « %(service)s »") % {"service": referral.service_name},
            "referral": referral,
            "form": form,
        },
        status=400,
    )


@require_POST
@allowed("referrals.sent")
def sent_cancel(request, referral_id: int):
    referral = referral_or_404(request, referral_id, "referrals.view_sent")
    try:
        services.referral_cancel(referral=referral, actor=request.user, by_person=False)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("L'orientation est annulée. Le service ne peut plus la lire."))
    return redirect("referrals:sent_detail", referral_id=referral.pk)
