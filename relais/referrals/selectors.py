"""Reads of referrals: the inboxes, one referral for whoever may see it, and the response rates."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from relais.accounts.models import Person
from relais.casefile import registry
from relais.referrals.models import ANSWERED_STATES, Referral, ReferralSettings, ReferralState, ServiceResponseStats

#: referrals shown per inbox page
INBOX_LIMIT = 50
RATE_WINDOW_DAYS = 365


def min_referrals() -> int:
    return int(getattr(settings, "REFERRALS_RATE_MIN_COUNT", 5))


def _list(qs):
    return qs.select_related("service__place", "organisation", "person").only(
        "pk",
        "state",
        "service_name",
        "created_at",
        "sent_at",
        "answered_at",
        "situations",
        "service__id",
        "service__place__id",
        "service__place__organisation_id",
        "organisation__id",
        "organisation__name",
        "person__id",
        "person__first_name",
        "person__last_name",
        "person__erased_at",
    )


def inbox_for(*, organisation, state: str = "", limit: int = INBOX_LIMIT) -> list[Referral]:
    """Referrals received by the services of the organisation's places, newest first (held ones included)."""
    qs = Referral.objects.filter(receiving_organisation=organisation, anonymised_at__isnull=True)
    if state:
        qs = qs.filter(state=state)
    return list(_list(qs).order_by("-created_at", "-pk")[:limit])


def sent_by(*, organisation, limit: int = INBOX_LIMIT) -> list[Referral]:
    qs = Referral.objects.filter(organisation=organisation, anonymised_at__isnull=True)
    return list(_list(qs).order_by("-created_at", "-pk")[:limit])


def referral_get(*, pk: int) -> Referral | None:
    return (
        Referral.objects.select_related("service__place", "organisation", "person", "referrer")
        .prefetch_related("messages", "attachments")
        .filter(pk=pk, anonymised_at__isnull=True)
        .first()
    )


def referrals_of_person(*, person) -> list[Referral]:
    return list(
        Referral.objects.filter(person=person)
        .select_related("organisation")
        .prefetch_related("attachments")
        .order_by("-created_at")[:200]
    )


def settings_for(*, service) -> ReferralSettings | None:
    return ReferralSettings.objects.filter(service=service).first()


def settings_for_services(service_ids) -> dict[int, ReferralSettings]:
    return {conf.service_id: conf for conf in ReferralSettings.objects.filter(service_id__in=list(service_ids))}


def followed_persons(*, organisation, limit: int = 300) -> list[Person]:
    """The persons the organisation follows (mandate or follow-up), for choosing whom to refer."""
    querysets = registry.related_person_querysets(organisation=organisation)
    if not querysets:
        return []
    condition = Q()
    for qs in querysets:
        condition |= Q(pk__in=qs)
    persons = Person.objects.filter(condition, erased_at__isnull=True).order_by("last_name", "first_name")[:limit]
    return [person for person in persons if registry.grants_for(organisation=organisation, person=person)]


@dataclass(frozen=True)
class ResponseRate:
    count: int
    answered: int
    median_days: float | None

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.count) if self.count else 0

    @property
    def median_label_days(self) -> int | None:
        return None if self.median_days is None else max(0, round(self.median_days))


def compute_rates(service_ids, *, now: dt.datetime | None = None) -> dict[int, ResponseRate]:
    """Per service, over the last 12 months: referrals sent (not cancelled before an answer), the share answered
    and the median answer time (every service with a referral; the threshold is applied when reading)."""
    ids = [pk for pk in service_ids if pk is not None]
    if not ids:
        return {}
    now = now or timezone.now()
    rows = (
        Referral.objects.filter(service_id__in=ids, sent_at__gte=now - dt.timedelta(days=RATE_WINDOW_DAYS))
        .exclude(state=ReferralState.CANCELLED, answered_at__isnull=True)
        .values_list("service_id", "state", "sent_at", "answered_at")
    )
    counts: dict[int, list] = {}
    for service_id, state, sent_at, answered_at in rows:
        entry = counts.setdefault(service_id, [0, []])
        entry[0] += 1
        if state in ANSWERED_STATES and answered_at is not None:
            entry[1].append((answered_at - sent_at).total_seconds() / 86400)
    return {
        service_id: ResponseRate(
            count=count, answered=len(delays), median_days=statistics.median(delays) if delays else None
        )
        for service_id, (count, delays) in counts.items()
    }


def response_rates(service_ids) -> dict[int, ResponseRate]:
    """The stored rates of these services (relais.referrals.services.stats_refresh), only those with at least
    `min_referrals()` referrals in 12 months: one query."""
    ids = [pk for pk in service_ids if pk is not None]
    if not ids:
        return {}
    rows = ServiceResponseStats.objects.filter(service_id__in=ids, count__gte=min_referrals()).values_list(
        "service_id", "count", "answered", "median_seconds"
    )
    return {
        service_id: ResponseRate(count=count, answered=answered, median_days=None if median is None else median / 86400)
        for service_id, count, answered, median in rows
    }
