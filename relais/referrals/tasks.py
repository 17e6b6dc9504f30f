"""Background tasks of referrals (thin: call a service), and their share of the daily jobs."""

from django_tasks import task

from relais.core.daily import register_daily
from relais.referrals.services import referrals_daily

register_daily(
    "referrals", description="rappels aux services qui n'ont pas répondu, fin des orientations sans réponse"
)(referrals_daily)


@task()
def referrals_daily_task() -> dict:
    return referrals_daily()
