"""« Mes orientations »: the person sees the referrals made for them and can cancel one still open."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.core.errors import DomainError
from relais.referrals import selectors, services
from relais.www.decorators import allowed
from relais.www.referrals.common import referral_or_404


@allowed("referrals.mine")
def my_referrals(request):
    referrals = selectors.referrals_of_person(person=request.user.person)
    return render(request, "referrals/mine.html", {"title": _("Mes orientations"), "referrals": referrals})


@require_POST
@allowed("referrals.mine")
def my_referral_cancel(request, referral_id: int):
    referral = referral_or_404(request, referral_id, "referrals.mine")
    try:
        services.referral_cancel(referral=referral, actor=request.user, by_person=True)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Votre orientation est annulée. Le service ne peut plus la lire."))
    return redirect("referrals:mine")
