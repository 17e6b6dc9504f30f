"""Dated jobs of feedback (thin: call a service). `manage.py daily_jobs` runs them every hour; the alert is
sent once per procedure and day."""

from relais.core.daily import register_daily
from relais.feedback.alerts import satisfaction_alerts


@register_daily("feedback", description="alerte aux auteurs quand la satisfaction d'une démarche baisse sur 30 jours")
def feedback_day() -> dict:
    return {"alerts": satisfaction_alerts()}
