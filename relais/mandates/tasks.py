"""Background tasks of mandates (thin: call a service)."""

from django_tasks import task

from relais.mandates.services import mandates_expire, mandates_expiry_reminders


@task()
def mandates_daily() -> dict:
    return {"expired": mandates_expire(), "reminded": mandates_expiry_reminders()}
