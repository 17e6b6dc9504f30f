"""Background tasks of the person file (thin: call a service)."""

from django_tasks import task

from relais.casefile.services import follow_ups_expire


@task()
def follow_ups_daily() -> dict:
    return {"expired": follow_ups_expire()}
