"""Background jobs of appointments (thin: call a service). The daily-jobs runner (`manage.py daily_jobs`,
run every hour by the worker) sends the 48-hour reminders and the waiting-list offers."""

from django_tasks import task

from relais.appointments.services import appointments_remind, waiting_offers
from relais.core.daily import register_daily


@register_daily("appointments", description="rappels 48 heures avant les rendez-vous, créneaux plus tôt proposés")
def appointments_hour() -> dict:
    return {"reminded": appointments_remind(), "offers": waiting_offers()}


@task()
def appointments_jobs() -> dict:
    return appointments_hour()
