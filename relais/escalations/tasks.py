"""Background tasks of escalations (thin: call a service)."""

from django_tasks import task

from relais.escalations.services import daily


@task()
def escalations_daily() -> dict:
    return daily()
