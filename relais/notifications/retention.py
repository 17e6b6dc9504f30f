"""Retention of notifications.

- A person who deletes their account: the texts of their notifications are blanked (the delivery records stay
  as proof that a message was sent, without its content).
- Every notification older than NOTIFICATIONS_KEEP_DAYS (1 year by default) loses its texts, and its deliveries
  their address (email or phone): what stays says that a message of that kind was sent, when, on which channel."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from relais.accounts.signals import person_erased
from relais.core.retention import register_purge
from relais.notifications.models import Delivery, DeliveryStatus, Notification

DONE = (DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.MERGED)


@receiver(person_erased, dispatch_uid="notifications_erase_on_account_deletion")
def notifications_erase_for_person(sender, person, user_id=None, **kwargs) -> int:
    return Notification.objects.filter(person=person).update(subject="", body="", sms_body="", link="")


@transaction.atomic
def notifications_purge_old(*, now: dt.datetime | None = None) -> int:
    """Blank the texts and addresses of notifications older than NOTIFICATIONS_KEEP_DAYS; return how many."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=int(getattr(settings, "NOTIFICATIONS_KEEP_DAYS", 365)))
    old = (
        Notification.objects.filter(created_at__lt=limit)
        .exclude(subject="", body="", sms_body="", link="")
        .exclude(deliveries__status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING])
    )
    ids = list(old.values_list("pk", flat=True))
    if not ids:
        return 0
    Notification.objects.filter(pk__in=ids).update(subject="", body="", sms_body="", link="")
    Delivery.objects.filter(notification_id__in=ids, status__in=DONE).update(address="")
    return len(ids)


register_purge(
    "notifications",
    order=80,
    run=notifications_purge_old,
    describe=lambda count: [f"messages de plus d'un an effacés : {count}"],
)
