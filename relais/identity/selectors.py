"""Reads of the identity app."""

from __future__ import annotations

from relais.identity.models import CertifiedIdentity, IdentityProof


def proofs_for(*, subject_kind: str, subject_id: int) -> list[IdentityProof]:
    return list(IdentityProof.objects.filter(subject_kind=subject_kind, subject_id=subject_id).order_by("verified_at"))


def certified_identity_of(*, user) -> CertifiedIdentity | None:
    if not getattr(user, "pk", None):
        return None
    return CertifiedIdentity.objects.filter(person__user=user).first()
