"""Helpers shared by the referral screens: finding the referral for whoever asks, the ways to reach a service
that does not take referrals through Relais (data·inclusion `modes_mobilisation` / `lien_mobilisation`)."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from relais import policy
from relais.core.formats import phone_display, phone_tel
from relais.policy.roles import active_organisation
from relais.referrals import selectors
from relais.referrals.models import ReferralState


def organisation_or_refuse(request):
    organisation = active_organisation(request.user)
    if organisation is None:
        raise policy.Refused(_("Choisissez d'abord la structure pour laquelle vous agissez."))
    return organisation


def referral_or_404(request, referral_id: int, action: str):
    referral = selectors.referral_get(pk=referral_id)
    if referral is None or not policy.allows(request.user, action, referral):
        raise Http404
    return referral


def mobilisation_ways(service) -> list[dict]:
    """How to reach a service outside Relais, from its own data·inclusion fields (in the order it lists them)."""
    ways = []
    modes = list(service.modes_mobilisation or [])
    place = service.place
    phone = service.phone or place.phone
    email = service.email or place.email
    if service.lien_mobilisation and ("utiliser-lien-mobilisation" in modes or not modes):
        ways.append({"text": _("Faire la demande sur le site du service"), "url": service.lien_mobilisation})
    if "telephoner" in modes and phone:
        ways.append(
            {
                "text": _("Téléphoner au service : %(phone)s") % {"phone": phone_display(phone)},
                "url": f"tel:{phone_tel(phone)}",
            }
        )
    if "envoyer-un-courriel" in modes and email:
        ways.append({"text": _("Écrire au service : %(email)s") % {"email": email}, "url": f"mailto:{email}"})
    if "se-presenter" in modes:
        ways.append({"text": _("La personne peut se présenter sur place aux heures d'ouverture"), "url": ""})
    if service.mobilisation_precisions:
        ways.append({"text": service.mobilisation_precisions, "url": ""})
    return ways


def list_rows(referrals, url_name: str) -> list[dict]:
    """The lines of a list of referrals, written here once (translations fetched once, not per row)."""
    from_text = _("orientée par %(org)s, le %(date)s")
    person_text = _("Personne")
    url_pattern = reverse(url_name, args=[987654321]).replace("987654321", "{}")
    states = {value: str(label) for value, label in ReferralState.choices}
    return [
        {
            "url": url_pattern.format(r.pk),
            "title": f"{r.person.full_name if r.person else person_text} — {r.service_name}",
            "line": f"{states[r.state].capitalize()} · "
            + from_text
            % {
                "org": r.organisation.name if r.organisation else "—",
                "date": f"{timezone.localtime(r.created_at):%d/%m/%Y}",
            },
        }
        for r in referrals
    ]
