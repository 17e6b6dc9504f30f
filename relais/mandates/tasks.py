"""Background tasks of mandates (thin: call a service)."""

from django_tasks import task

from relais.core.daily import register_daily
from relais.mandates.services import mandates_expire, mandates_expiry_reminders


@register_daily("mandates", description="fin des mandats échus, rappels avant la fin des mandats")
def mandates_day() -> dict:
    return {"expired": mandates_expire(), "reminded": mandates_expiry_reminders()}


@task()
def mandates_daily() -> dict:
    return mandates_day()
