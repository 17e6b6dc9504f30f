"""Dated job of the observatory: rebuild once a week when the data folder is there (OBSERVATORY_DATA_DIR or
var/territory); nothing otherwise (the pages then say « pas encore calculé »)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from relais.core.daily import register_daily
from relais.observatory.models import Build
from relais.observatory.paths import default_data_dir
from relais.observatory.services import DataMissing, observatory_build

REBUILD_AFTER = dt.timedelta(days=7)


@register_daily("observatory", description="recalcul hebdomadaire de l'observatoire territorial")
def observatory_week() -> dict:
    latest = Build.objects.exclude(finished_at=None).first()
    if latest is not None and latest.started_at > timezone.now() - REBUILD_AFTER:
        return {"built": 0}
    try:
        observatory_build(data_dir=default_data_dir())
    except DataMissing:
        return {"built": 0, "missing": 1}
    return {"built": 1}
