"""Retention of identity data: the person's export shows the provider links, the certified identity and the
proofs (never the hashed sub); erasure removes them; old proofs, join requests and states are purged."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.accounts.services import account_delete, person_export_data
from relais.identity.models import AuthRequest, CertifiedIdentity, IdentityLink, IdentityProof, JoinRequest
from relais.identity.retention import identity_purge
from relais.identity.services import sub_hash
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _certified_person():
    person = PersonFactory(first_name="Angela", last_name="Dubois")
    IdentityLink.objects.create(
        user=person.user, provider="franceconnect", sub_hash=sub_hash(provider="franceconnect", sub="s1")
    )
    CertifiedIdentity.objects.create(
        person=person, certified_at=timezone.now(), given_name="Angela", family_name="Dubois", birthplace="75107"
    )
    IdentityProof.objects.create(
        person=person,
        provider="franceconnect",
        level="eidas1",
        verified_at=timezone.now(),
        subject_kind="mandate",
        subject_id=1,
    )
    return person


def test_export_includes_links_certified_identity_and_proofs_but_not_the_sub_hash():
    person = _certified_person()
    data = person_export_data(user=person.user)
    links = data["account_related"]["identity.identitylink:user"]
    assert links[0]["provider"] == "franceconnect" and "sub_hash" not in links[0]
    assert data["person_related"]["identity.certifiedidentity:person"][0]["birthplace"] == "75107"
    assert data["person_related"]["identity.identityproof:person"][0]["level"] == "eidas1"


def test_erasure_removes_every_identity_row():
    person = _certified_person()
    JoinRequest.objects.create(user=person.user, organisation=OrganisationFactory())
    account_delete(user=person.user)
    assert not IdentityLink.objects.exists() and not CertifiedIdentity.objects.exists()
    assert not IdentityProof.objects.exists() and not JoinRequest.objects.exists()


def test_purge_keeps_what_is_recent():
    person = _certified_person()
    old = IdentityProof.objects.create(
        person=person,
        provider="franceconnect",
        verified_at=timezone.now() - dt.timedelta(days=6 * 365),
        subject_kind="mandate",
        subject_id=2,
    )
    join = JoinRequest.objects.create(user=UserFactory(), organisation=OrganisationFactory())
    JoinRequest.objects.filter(pk=join.pk).update(created_at=timezone.now() - dt.timedelta(days=91))
    AuthRequest.objects.create(state="s" * 43, nonce="n" * 43, provider="franceconnect", issuer="https://x")
    AuthRequest.objects.create(state="t" * 43, nonce="n" * 43, provider="franceconnect", issuer="https://x")
    AuthRequest.objects.filter(state="t" * 43).update(created_at=timezone.now() - dt.timedelta(minutes=11))
    assert identity_purge() == {"requests": 1, "proofs": 1, "joins": 1}
    assert IdentityProof.objects.count() == 1 and not IdentityProof.objects.filter(pk=old.pk).exists()
    assert AuthRequest.objects.get().state == "s" * 43
