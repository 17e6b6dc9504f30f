"""Signed links to see, cancel or rebook an appointment, sent in every message.

The token signs the appointment's id (HMAC with the secret key and a salt of its own);
it is valid until the appointment's
end plus 30 days (after that, « ce lien a expiré »). A tampered token is refused."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.appointments.models import Appointment
from relais.core.errors import DomainError

SALT = "relais.appointments.link"
GRACE = dt.timedelta(days=30)


class BadLink(DomainError):
    status = 404
    default_message = "Ce lien de rendez-vous n'est pas valable."


def token_for(appointment: Appointment) -> str:
    return signing.Signer(salt=SALT).sign(str(appointment.pk))


def manage_path(appointment: Appointment) -> str:
    return reverse("appointments:manage", kwargs={"token": token_for(appointment)})


def manage_url(appointment: Appointment) -> str:
    return settings.SITE_URL + manage_path(appointment)


def appointment_from_token(token: str, *, now: dt.datetime | None = None) -> Appointment:
    try:
        pk = int(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise BadLink(_("Ce lien de rendez-vous n'est pas valable : il a peut-être été mal copié.")) from None
    appointment = (
        Appointment.objects.select_related("reason", "place", "person", "agent", "reason__organisation")
        .filter(pk=pk)
        .first()
    )
    if appointment is None:
        raise BadLink(_("Ce rendez-vous n'existe plus."))
    if (now or timezone.now()) > appointment.ends_at + GRACE:
        raise BadLink(_("Ce lien a expiré : le rendez-vous est passé depuis plus d'un mois."), status=410)
    return appointment
