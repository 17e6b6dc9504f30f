"""The daily task: remind the service after 10 days without an answer, close the referral after 30 (settings
REFERRALS_REMIND_AFTER_DAYS and REFERRALS_EXPIRE_AFTER_DAYS)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from relais.journal.services import journal_record
from relais.referrals import notices
from relais.referrals.models import Delivery, Referral, ReferralState
from relais.referrals.states import referral_transition
from relais.referrals.stats import stats_refresh

WAITING = (ReferralState.SENT, ReferralState.OPENED)


def remind_after() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "REFERRALS_REMIND_AFTER_DAYS", 10)))


def expire_after() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "REFERRALS_EXPIRE_AFTER_DAYS", 30)))


@transaction.atomic
def _remind(referral: Referral, now) -> None:
    referral = Referral.objects.select_for_update(of=("self",)).select_related("service__place").get(pk=referral.pk)
    if referral.reminded_at is not None or referral.state not in WAITING:
        return
    referral.reminded_at = now
    if referral.delivery == Delivery.EMAIL:  # the first link may have expired (8 days): a fresh one
        referral.link_version += 1
        referral.link_issued_at = now
    referral.save(update_fields=["reminded_at", "link_version", "link_issued_at"])
    journal_record(
        action="referral.reminded",
        organisation=referral.service.place.organisation_id if referral.service_id else None,
        person=referral.person_id,
        obj=referral,
        details={"service": referral.service_name},
    )
    notices.tell_service(referral, reminder=True)


def referrals_remind(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    due = Referral.objects.filter(state__in=WAITING, reminded_at__isnull=True, sent_at__lte=now - remind_after())
    count = 0
    for referral in due.exclude(sent_at__lte=now - expire_after()).only("pk").iterator():
        _remind(referral, now)
        count += 1
    return count


def referrals_expire(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    count = 0
    for referral in Referral.objects.filter(state__in=WAITING, sent_at__lte=now - expire_after()).only("pk").iterator():
        referral_transition(referral, to=ReferralState.EXPIRED, details={"after_days": expire_after().days})
        count += 1
    return count


def referrals_daily() -> dict:
    result = {"expired": referrals_expire(), "reminded": referrals_remind()}
    stats_refresh()
    return result
