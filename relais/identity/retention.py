"""Retention of identity data: authorization requests (state, nonce) 10 minutes; identity proofs as long as
what they prove (5 years, the mandates' attestations); join requests 90 days; provider links and the certified
identity as long as the account, erased with it. The person's export includes the links, the certified
identity and the proofs (they point at the user or the person record)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from relais.accounts.signals import person_erased
from relais.core.retention import register_purge
from relais.identity.models import (
    AuthRequest,
    CertifiedIdentity,
    IdentityLink,
    IdentityProof,
    JoinRequest,
    ProviderSessionDevice,
)
from relais.identity.services import auth_requests_purge

KEEP_PROOFS = dt.timedelta(days=5 * 365)
KEEP_JOIN_REQUESTS = dt.timedelta(days=90)


@transaction.atomic
def identity_purge(*, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    proofs, _detail = IdentityProof.objects.filter(verified_at__lt=now - KEEP_PROOFS).delete()
    joins, _detail = JoinRequest.objects.filter(created_at__lt=now - KEEP_JOIN_REQUESTS).delete()
    return {"requests": auth_requests_purge(now=now), "proofs": proofs, "joins": joins}


@receiver(person_erased, dispatch_uid="identity_erase_for_person")
def identity_erase_for_person(sender, person, user_id=None, **kwargs) -> int:
    count = CertifiedIdentity.objects.filter(person=person).delete()[0]
    count += IdentityProof.objects.filter(person=person).delete()[0]
    if user_id is not None:  # the account may be kept anonymised: nothing of the provider stays attached to it
        for model in (IdentityLink, JoinRequest, ProviderSessionDevice, AuthRequest):
            field = "started_by_id" if model is AuthRequest else "user_id"
            count += model.objects.filter(**{field: user_id}).delete()[0]
    return count


register_purge(
    "identity",
    order=65,
    run=identity_purge,
    describe=lambda counts: [
        f"demandes d'identification effacées (plus de 10 minutes) : {counts['requests']}",
        f"preuves d'identité effacées (plus de 5 ans) : {counts['proofs']}",
        f"demandes pour rejoindre une structure effacées (plus de 90 jours) : {counts['joins']}",
    ],
)
