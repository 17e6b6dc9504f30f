"""Background tasks of escalations (thin: call a service), and their share of the daily jobs."""

from django_tasks import task

from relais.core.daily import register_daily
from relais.escalations.services import daily

register_daily(
    "escalations",
    description="invitation du responsable quand l'administration ne répond pas, alerte avant la décision implicite, "
    "résumé du jour",
)(daily)


@task()
def escalations_daily() -> dict:
    return daily()
