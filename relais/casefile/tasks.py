"""Background tasks of the person file (thin: call a service)."""

from django_tasks import task

from relais.casefile.services import follow_ups_expire
from relais.core.daily import register_daily


@register_daily("follow_ups", description="fin des suivis échus")
def follow_ups_day() -> dict:
    return {"expired": follow_ups_expire()}


@task()
def follow_ups_daily() -> dict:
    return follow_ups_day()
