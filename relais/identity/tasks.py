"""Dated job of identity: the states and nonces of finished or abandoned sign-ins are purged every hour."""

from relais.core.daily import register_daily
from relais.identity.services import auth_requests_purge


@register_daily("identity", description="demandes d'identification FranceConnect / ProConnect expirées effacées")
def identity_hour() -> dict:
    return {"purged": auth_requests_purge()}
