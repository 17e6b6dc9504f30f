"""Retention: the observatory holds no personal data (figures per commune and département). Each build
replaces the previous one (services/build.py); this purge also removes an unfinished build left by a
stopped command after a day."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from relais.core.retention import register_purge
from relais.observatory.models import Build

UNFINISHED_KEEP = dt.timedelta(days=1)


def observatory_purge(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _by_model = Build.objects.filter(finished_at=None, started_at__lt=now - UNFINISHED_KEEP).delete()
    return deleted


register_purge(
    "observatory",
    order=70,
    run=observatory_purge,
    describe=lambda count: [f"calculs inachevés de l'observatoire effacés : {count}"],
)
