"""Retention: appointments and their messages (receipts) are erased 2 years after the date, and at
once when the person deletes their account. The person's export includes their appointments (they
point at the person record)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from relais.accounts.signals import person_erased
from relais.appointments.models import Appointment
from relais.core.retention import register_purge
from relais.notifications.models import Notification

KEEP = dt.timedelta(days=730)


def _erase(appointments) -> int:
    ids = list(appointments.values_list("pk", flat=True))
    for pk in ids:
        Notification.objects.filter(key__startswith=f"appointment-{pk}-").delete()
    Appointment.objects.filter(pk__in=ids).delete()
    return len(ids)


@transaction.atomic
def appointments_purge(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return _erase(Appointment.objects.filter(ends_at__lt=now - KEEP))


@receiver(person_erased, dispatch_uid="appointments_erase_for_person")
def appointments_erase_for_person(sender, person, user_id=None, **kwargs) -> int:
    return _erase(Appointment.objects.filter(person=person))


register_purge(
    "appointments",
    order=60,
    run=appointments_purge,
    describe=lambda count: [f"rendez-vous effacés (plus de 2 ans) : {count}"],
)
