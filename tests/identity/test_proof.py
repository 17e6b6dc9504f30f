"""A person proves their identity with FranceConnect on the helper's screen while a mandate or a follow-up is
created: the helper stays signed in, the proof is bound to the pending mandate or follow-up by the state,
goes into the journal and onto the attestation."""

import datetime as dt
import urllib.parse

import pytest
from django.urls import reverse

from relais.accounts.models import User
from relais.identity.models import IdentityLink, IdentityProof
from relais.journal.models import Entry
from relais.mandates import services as mandate_services
from tests.casefile.factories import propose
from tests.factories import OrganisationFactory, PersonFactory, verified_login
from tests.identity.conftest import FC_CLAIMS, callback
from tests.mandates.factories import helper_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(db):
    organisation = OrganisationFactory()
    helper = helper_of(organisation)
    person = PersonFactory(
        user=None, first_name="Angela", last_name="Dubois", email="", birth_date=dt.date(1962, 8, 24)
    )
    mandate = mandate_services.mandate_request_create(
        actor=helper,
        organisation=organisation,
        person=person,
        categories=["social"],
        duration_days=31,
        consent_method="paper",
    )
    return helper, person, mandate


def _prove(client, tiny, kind, subject_id, claims=FC_CLAIMS):
    response = client.post(reverse("identity:proof_start", args=[kind, subject_id]))
    assert response.status_code == 302, response.content[:300]
    query = urllib.parse.parse_qs(urllib.parse.urlparse(response["Location"]).query)
    assert query["acr_values"] == ["eidas1"]
    return callback(client, "franceconnect", query, code=tiny.authorize(query, claims=claims))


def test_proof_for_a_pending_mandate_shows_on_the_attestation(client, tiny, pending):
    helper, person, mandate = pending
    verified_login(client, helper)
    consent = client.get(reverse("mandates:consent", args=[mandate.pk]))
    assert "Prouver son identité avec FranceConnect" in consent.content.decode()
    response = _prove(client, tiny, "mandate", mandate.pk)
    assert response["Location"] == reverse("mandates:consent", args=[mandate.pk])
    assert int(client.session["_auth_user_id"]) == helper.pk  # the helper was not logged out
    proof = IdentityProof.objects.get()
    assert (proof.person, proof.provider, proof.level, proof.subject_kind, proof.subject_id) == (
        person,
        "franceconnect",
        "eidas1",
        "mandate",
        mandate.pk,
    )
    entry = Entry.objects.get(action="identity.proof_recorded")
    assert entry.person_id == person.pk and entry.actor_id == helper.pk
    assert not IdentityLink.objects.exists() and not User.objects.filter(email=FC_CLAIMS["email"]).exists()
    page = client.get(reverse("mandates:attestation", args=[mandate.pk])).content.decode()
    assert "Identité vérifiée par FranceConnect le" in page and "(niveau eidas1)" in page


def test_proof_of_someone_else_is_refused(client, tiny, pending):
    helper, _person, mandate = pending
    verified_login(client, helper)
    response = _prove(client, tiny, "mandate", mandate.pk, claims={**FC_CLAIMS, "family_name": "Martin"})
    assert response.status_code == 400 and "pas celle de la fiche" in response.content.decode()
    assert reverse("mandates:consent", args=[mandate.pk]) in response.content.decode()
    assert not IdentityProof.objects.exists()


def test_proof_callback_in_another_helper_session_is_refused(client, tiny, pending):
    helper, _person, mandate = pending
    verified_login(client, helper)
    start = client.post(reverse("identity:proof_start", args=["mandate", mandate.pk]))
    query = urllib.parse.parse_qs(urllib.parse.urlparse(start["Location"]).query)
    other = helper_of(mandate.organisation)
    client.logout()
    verified_login(client, other)
    response = callback(client, "franceconnect", query, code=tiny.authorize(query, claims=FC_CLAIMS))
    assert response.status_code == 400 and not IdentityProof.objects.exists()


def test_proof_for_a_pending_follow_up(client, tiny):
    organisation = OrganisationFactory()
    helper = helper_of(organisation)
    person = PersonFactory(user=None, first_name="Angela", last_name="Dubois", email="")
    follow_up = propose(organisation=organisation, person=person, helper=helper)
    verified_login(client, helper)
    response = _prove(client, tiny, "follow_up", follow_up.pk)
    assert response["Location"] == reverse("persons:follow_up_detail", args=[follow_up.pk])
    assert IdentityProof.objects.get().subject_kind == "follow_up"
    page = client.get(response["Location"]).content.decode()
    assert "Identité vérifiée par FranceConnect le" in page
    sheet = client.get(reverse("persons:follow_up_sheet", args=[follow_up.pk])).content.decode()
    assert "Identité vérifiée par FranceConnect le" in sheet  # on the printed consent sheet too


def test_a_helper_of_another_organisation_cannot_start_a_proof(client, tiny, pending):
    _helper, _person, mandate = pending
    verified_login(client, helper_of(OrganisationFactory()))
    response = client.post(reverse("identity:proof_start", args=["mandate", mandate.pk]))
    assert response.status_code in (403, 404)
