"""What the mandates domain tells the person search: the persons an organisation may follow.

A person is related to an organisation when the organisation created their record, or holds (or held,
or asked for) a mandate with them. The search looks for names among these persons only
(relais/casefile/search.py)."""

from __future__ import annotations

from django.db.models import Q

from relais.accounts.models import Person
from relais.casefile.registry import register_relation
from relais.casefile.search import register_identifier
from relais.mandates.models import Mandate
from relais.mandates.services.common import CLAIM_CODE_ALPHABET
from relais.mandates.services.person_records import _claim_hash

CLAIM_CODE_LENGTH = 12


@register_relation("mandates")
def persons_of_mandates(organisation):
    mandated = Mandate.objects.filter(organisation=organisation).values("person_id")
    return Person.objects.filter(Q(created_by_organisation=organisation) | Q(pk__in=mandated)).values("pk")


@register_identifier("claim_code")
def person_by_claim_code(text: str):
    """The record whose paper claim code this is (« ABCD-EFGH-JKLM »), not claimed yet."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if len(cleaned) != CLAIM_CODE_LENGTH or any(ch not in CLAIM_CODE_ALPHABET for ch in cleaned):
        return None
    return (
        Person.objects.filter(claim_code_hash=_claim_hash(cleaned), user__isnull=True, erased_at__isnull=True)
        .exclude(claim_code_hash="")
        .first()
    )
