"""The Relais inbox of a receiving service's organisation: the referrals received by its places' services,
each one read (journaled), answered, or validated first when the service moderates."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais import policy
from relais.core.errors import DomainError
from relais.journal.services import journal_record
from relais.referrals import selectors, services
from relais.referrals.models import ReferralState
from relais.www.decorators import allowed
from relais.www.referrals.common import list_rows, organisation_or_refuse, referral_or_404
from relais.www.referrals.views.answering import answer_forms, handle_answer
from relais.www.referrals.views.link import _file_response


@allowed("referrals.inbox")
def inbox(request):
    organisation = organisation_or_refuse(request)
    state = request.GET.get("etat", "")
    if state not in ReferralState.values:
        state = ""
    referrals = selectors.inbox_for(organisation=organisation, state=state)
    journal_record(
        action="referral.listed",
        actor=request.user,
        organisation=organisation,
        details={"count": len(referrals), "screen": "inbox", "persons": [r.person_id for r in referrals]},
    )
    return render(
        request,
        "referrals/inbox.html",
        {
            "title": _("Orientations reçues"),
            "rows": list_rows(referrals, "referrals:inbox_detail"),
            "state": state,
            "states": ReferralState.choices,
            "organisation": organisation,
            "can_send": policy.allows(request.user, "referrals.sent"),
        },
    )


@allowed("referrals.inbox")
def inbox_detail(request, referral_id: int):
    referral = referral_or_404(request, referral_id, "referrals.answer")
    forms = answer_forms(request)
    status = 200
    if request.method == "POST":
        done, forms = handle_answer(request, referral, via=services.INBOX, actor=request.user)
        if done:
            return redirect("referrals:inbox_detail", referral_id=referral.pk)
        status = 400
    if referral.state != ReferralState.MODERATION:
        referral = services.referral_view_by_service(referral=referral, via=services.INBOX, actor=request.user)
        referral = selectors.referral_get(pk=referral.pk)
    else:
        journal_record(
            action="referral.viewed_by_service",
            actor=request.user,
            organisation=referral.service.place.organisation_id,
            person=referral.person_id,
            obj=referral,
            details={"service": referral.service_name, "via": "moderation"},
        )
    return render(
        request,
        "referrals/service_view.html",
        {
            "title": _("Orientation vers « %(service)s »") % {"service": referral.service_name},
            "referral": referral,
            "forms": forms,
            "answer_url": request.path,
            "attachment_url": request.path + "document/",
            "can_moderate": referral.state == ReferralState.MODERATION
            and policy.allows(request.user, "referrals.moderate", referral),
        },
        status=status,
    )


@require_POST
@allowed("referrals.inbox")
def inbox_moderate(request, referral_id: int):
    referral = referral_or_404(request, referral_id, "referrals.moderate")
    try:
        services.referral_moderate(
            referral=referral, approve=request.POST.get("decision") == "valider", actor=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("C'est noté."))
    return redirect("referrals:inbox_detail", referral_id=referral.pk)


@allowed("referrals.inbox")
def inbox_attachment(request, referral_id: int, attachment_id: int):
    referral = referral_or_404(request, referral_id, "referrals.answer")
    attachment = referral.attachments.filter(pk=attachment_id).first()
    if (
        attachment is None
        or referral.state == ReferralState.MODERATION
        and not policy.allows(request.user, "referrals.moderate", referral)
    ):
        raise Http404
    data = services.attachment_open(attachment=attachment, via=services.INBOX, actor=request.user)
    return _file_response(attachment, data)
