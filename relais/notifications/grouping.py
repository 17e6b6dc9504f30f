"""Grouping: the steps of one dossier a professional makes within a few minutes reach the person as
one message, not five SMS.

A notification may name a `group` (e.g. ``dossier-42``). Its delivery then waits
NOTIFICATIONS_GROUP_DELAY seconds (0: no grouping). When another notification of the same group
comes for the same recipient (same channel and address) before the first one was tried, the earlier
deliveries are marked MERGED into the new one, whose wait starts again, never past
NOTIFICATIONS_GROUP_MAX seconds after the first step. The delivery that goes out tells every
step, oldest first, with the link once."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.utils.translation import gettext as _

from relais.notifications.models import Delivery, DeliveryStatus, Notification


def group_delay() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "NOTIFICATIONS_GROUP_DELAY", 0) or 0))


def group_max() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "NOTIFICATIONS_GROUP_MAX", 900) or 0))


def merge_pending(*, delivery: Delivery, now: dt.datetime) -> dt.datetime:
    """Fold the recipient's waiting deliveries of the same group into `delivery` (inside the caller's
    transaction); returns when `delivery` is due."""
    earlier = list(
        Delivery.objects.select_for_update()
        .filter(
            notification__group=delivery.notification.group,
            channel=delivery.channel,
            address=delivery.address,
            status=DeliveryStatus.PENDING,
            attempts_count=0,
        )
        .exclude(pk=delivery.pk)
        .select_related("notification")
    )
    first = min([d.notification.created_at for d in earlier] + [now])
    first = min(
        [first]
        + list(Delivery.objects.filter(merged_into__in=earlier).values_list("notification__created_at", flat=True))
    )
    if earlier:
        Delivery.objects.filter(merged_into__in=earlier).update(merged_into=delivery)
        Delivery.objects.filter(pk__in=[d.pk for d in earlier]).update(
            status=DeliveryStatus.MERGED, merged_into=delivery, next_attempt_at=None
        )
    return min(now + group_delay(), first + group_max())


def notifications_of(delivery: Delivery) -> list[Notification]:
    """The notifications a delivery carries: those merged into it, oldest first, then its own."""
    merged = [
        d.notification
        for d in delivery.merged.select_related("notification").order_by("notification__created_at", "pk")
    ]
    return merged + [delivery.notification]


_LINK = re.compile(r"\s*(?:[^\s:]+ :\s*)?https?://\S+")


def _without(text: str) -> str:
    """A step's SMS without « Relais : » and its link (the grouped SMS gives the link once)."""
    text = _LINK.sub("", text or "").strip()
    for prefix in ("Relais :", "Relais:"):
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
    return text


def group_sms(notifications: list[Notification], *, link: str, limit: int) -> str:
    """One SMS for several steps: « Relais : 1) … 2) … Détails : <link> », the latest steps kept whole."""
    steps = [_without(n.sms_body or n.subject) for n in notifications]
    tail = (" " + _("Détails : %(link)s") % {"link": link}) if link else ""
    while steps:
        numbered = " ".join(f"{i}) {step}" for i, step in enumerate(steps, start=1))
        text = _("Relais : %(n)s nouvelles étapes. %(steps)s") % {"n": len(notifications), "steps": numbered} + tail
        if len(text) <= limit or len(steps) == 1:
            return text if len(text) <= limit else text[: limit - len(tail) - 1].rstrip() + "…" + tail
        steps = steps[1:]  # the oldest step goes first: the latest says where the dossier is now
    return tail.strip()


def group_email(notifications: list[Notification]) -> tuple[str, str]:
    """(subject, body): the latest step's message, then the earlier steps it stands for."""
    latest = notifications[-1]
    earlier = notifications[:-1]
    body = latest.body.strip()
    if earlier:
        lines = [_("Ce message regroupe aussi les étapes précédentes de votre dossier :")]
        lines += [f"- {n.subject}" for n in earlier]
        body += "\n\n" + "\n".join(lines)
    return latest.subject, body
