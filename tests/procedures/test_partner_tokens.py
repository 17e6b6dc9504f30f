"""Issue #10, hole 8: partner tokens have scopes, a procedure names who may prefill it, a rate limit."""

import pytest
from django.urls import reverse

from relais.organisations.services import api_token_create
from relais.procedures.models import Dossier
from tests.factories import OrganisationFactory, verified_login
from tests.procedures.factories import agent_of, make_procedure

pytestmark = pytest.mark.django_db
PREFILL = "/api/v1/procedures/aide-test/dossiers"


def _prefill(client, clear, data=None):
    return client.post(
        PREFILL,
        {"data": data or {"prenom": "Sam"}},
        content_type="application/json",
        headers={"Authorization": f"Bearer {clear}"},
    )


def test_a_token_without_the_prefill_scope_is_refused(client, procedure):
    _token, clear = api_token_create(organisation=procedure.organisation, name="lecture", scopes=["dossiers:read"])
    response = _prefill(client, clear)
    assert response.status_code == 403
    assert "dossiers:prefill" in response.json()["detail"]
    assert Dossier.objects.count() == 0


def test_a_token_without_the_read_scope_cannot_read_states(client, procedure):
    _token, writer = api_token_create(organisation=procedure.organisation, name="w", scopes=["dossiers:prefill"])
    dossier_id = _prefill(client, writer).json()["dossier_id"]
    response = client.get(f"/api/v1/procedures/dossiers/{dossier_id}", headers={"Authorization": f"Bearer {writer}"})
    assert response.status_code == 403 and "dossiers:read" in response.json()["detail"]
    _token, reader = api_token_create(organisation=procedure.organisation, name="r", scopes=["dossiers:read"])
    response = client.get(f"/api/v1/procedures/dossiers/{dossier_id}", headers={"Authorization": f"Bearer {reader}"})
    assert response.status_code == 200 and response.json()["versions"] == 0


def test_only_the_procedure_s_organisation_and_its_named_partners_prefill(client, procedure):
    stranger = OrganisationFactory(name="Inconnue")
    _t, clear = api_token_create(organisation=stranger, name="SI")
    assert _prefill(client, clear, {"prenom": "Sam", "iban": "FR76"}).status_code == 403
    assert Dossier.objects.count() == 0
    _t, own = api_token_create(organisation=procedure.organisation, name="SI du CCAS")
    assert _prefill(client, own).status_code == 201
    procedure.prefill_partners.add(stranger)
    assert _prefill(client, clear).status_code == 201


def test_a_token_is_rate_limited(client, procedure, settings):
    settings.API_TOKEN_RATE = "2/60"
    _t, clear = api_token_create(organisation=procedure.organisation, name="SI")
    assert _prefill(client, clear).status_code == 201
    assert _prefill(client, clear).status_code == 201
    response = _prefill(client, clear)
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert "Trop d'appels avec ce jeton" in response.json()["detail"]
    assert Dossier.objects.count() == 2
    # Another token is counted on its own.
    _t, other = api_token_create(organisation=procedure.organisation, name="SI 2")
    assert _prefill(client, other).status_code == 201


def test_the_builder_names_the_prefill_partners(client):
    procedure = make_procedure(published=False)
    partner = OrganisationFactory(name="Mission locale partenaire")
    verified_login(client, agent_of(procedure.organisation))
    url = reverse("procedures:builder", args=[procedure.pk])
    page = client.get(url).content.decode()
    assert "Mission locale partenaire" in page
    response = client.post(
        url,
        {
            "title": procedure.title,
            "description": procedure.description,
            "estimated_minutes": "15",
            "category": procedure.category,
            "prefill_partners": [str(partner.pk)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(procedure.prefill_partners.all()) == [partner]
