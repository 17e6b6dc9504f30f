"""What the mandates services share: the active-membership check and secret hashing."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.utils.translation import gettext as _

from relais import policy
from relais.organisations.models import MemberRole
from relais.policy.roles import active_membership

ATTESTATION_MAX_BYTES = 10 * 1024 * 1024
ATTESTATION_TYPES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
CLAIM_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _secret_hash(value: str) -> str:
    return hmac.new(settings.MANDATE_FINGERPRINT_SALT.encode(), value.encode("utf-8"), hashlib.sha256).hexdigest()


def _membership(actor, organisation):
    membership = active_membership(actor)
    if membership is not None and membership.organisation_id == organisation.pk:
        return membership
    return actor.memberships.active().filter(organisation=organisation).first()


def _require_helper_of(actor, organisation) -> None:
    membership = _membership(actor, organisation)
    if membership is None or membership.role not in (MemberRole.HELPER, MemberRole.MANAGER):
        raise policy.Refused(_("Seuls les aidants de cette structure peuvent faire cela."))
