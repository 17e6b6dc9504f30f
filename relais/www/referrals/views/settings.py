"""The referral settings of one directory service, for the editors of its place."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from relais import policy
from relais.core.errors import DomainError
from relais.directory import selectors as directory_selectors
from relais.referrals import selectors, services
from relais.www.decorators import allowed
from relais.www.referrals.forms import SettingsForm


@allowed("referrals.settings")
def service_settings(request, service_id: int):
    service = directory_selectors.service_get(service_id=service_id)
    if service is None:
        raise Http404
    policy.require(request.user, "referrals.settings", service, message=_("Vous ne pouvez pas régler ce service."))
    conf = selectors.settings_for(service=service)
    initial = (
        {
            "accepts_referrals": conf.accepts_referrals,
            "documents_asked": conf.documents_asked,
            "conditions": conf.conditions,
            "requires_moderation": conf.requires_moderation,
            "delivery": conf.delivery,
            "contact_email": conf.contact_email,
        }
        if conf
        else {"delivery": "inbox" if service.place.organisation_id else "email", "contact_email": service.email}
    )
    form = SettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.referral_settings_save(actor=request.user, service=service, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Les réglages des orientations sont enregistrés."))
                return redirect(reverse("directory:place", args=[service.place_id]) + f"#service-{service.pk}")
    return render(
        request,
        "referrals/settings.html",
        {"title": _("Orientations vers « %(service)s »") % {"service": service.name}, "service": service, "form": form},
        status=status,
    )
