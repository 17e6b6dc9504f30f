"""Background tasks of referrals (thin: call a service)."""

from django_tasks import task

from relais.referrals.services import referrals_daily


@task()
def referrals_daily_task() -> dict:
    return referrals_daily()
