"""The stored response rates of services (`ServiceResponseStats`), what the directory shows to professionals."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from relais.referrals import selectors
from relais.referrals.models import Referral, ServiceResponseStats


@transaction.atomic
def stats_refresh(*, service_ids=None, now: dt.datetime | None = None) -> int:
    """Recompute the stored response rates of these services (all those with a referral in 12 months when None)."""
    now = now or timezone.now()
    if service_ids is None:
        window = now - dt.timedelta(days=selectors.RATE_WINDOW_DAYS)
        service_ids = set(Referral.objects.filter(sent_at__gte=window).values_list("service_id", flat=True).distinct())
        service_ids |= set(ServiceResponseStats.objects.values_list("service_id", flat=True))
    ids = [pk for pk in service_ids if pk is not None]
    rates = selectors.compute_rates(ids, now=now)
    ServiceResponseStats.objects.filter(service_id__in=[pk for pk in ids if pk not in rates]).delete()
    for service_id, rate in rates.items():
        ServiceResponseStats.objects.update_or_create(
            service_id=service_id,
            defaults={
                "count": rate.count,
                "answered": rate.answered,
                "median_seconds": None if rate.median_days is None else round(rate.median_days * 86400),
                "computed_at": now,
            },
        )
    return len(rates)
