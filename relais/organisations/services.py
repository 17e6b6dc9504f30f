"""Writes on organisations, memberships and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from relais.organisations.models import ApiToken, Membership, Organisation


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def organisation_create(*, name: str, kind: str, siret: str = "", departement=None, commune=None, **fields) -> Organisation:
    org = Organisation(name=name, kind=kind, siret=siret, departement=departement, commune=commune, **fields)
    org.full_clean()
    org.save()
    return org


@transaction.atomic
def membership_add(*, user, organisation: Organisation, role: str) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user=user, organisation=organisation, role=role, defaults={"is_active": True}
    )
    return membership


@transaction.atomic
def api_token_create(*, organisation: Organisation, name: str, scopes: list[str] | None = None) -> tuple[ApiToken, str]:
    """Returns the token and its clear value (shown once)."""
    clear = "rl_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(organisation=organisation, name=name, token_hash=hash_token(clear), scopes=scopes or [])
    return token, clear


def api_token_authenticate(*, clear: str) -> ApiToken | None:
    token = ApiToken.objects.select_related("organisation").filter(token_hash=hash_token(clear), revoked_at__isnull=True).first()
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
