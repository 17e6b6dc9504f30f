"""The names FranceConnect certified are locked in the person's profile (relais/accounts/locks.py)."""

from relais.accounts.locks import register_field_lock
from relais.identity.models import CertifiedIdentity

CERTIFIED_FIELDS = frozenset({"first_name", "last_name", "birth_name"})


def _certified(user) -> set[str]:
    if not getattr(user, "pk", None):
        return set()
    return set(CERTIFIED_FIELDS) if CertifiedIdentity.objects.filter(person__user=user).exists() else set()


register_field_lock("identity.franceconnect", _certified)
