"""Procedures API: list, partner prefill with a link, dossier state for the processing organisation only."""

import pytest
from django.urls import reverse

from relais.organisations.services import api_token_create
from relais.procedures.models import Dossier
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_list_published_procedures(client, procedure):
    from tests.procedures.factories import make_procedure

    make_procedure(slug="brouillon", published=False)
    data = client.get("/api/v1/procedures/").json()
    assert [p["slug"] for p in data] == ["aide-test"]
    assert data[0]["fields"][1]["key"] == "prenom"


def test_partner_prefill_link_and_state(client, procedure, owner):
    partner = OrganisationFactory()
    _token, clear = api_token_create(organisation=partner, name="SI partenaire")
    headers = {"Authorization": f"Bearer {clear}"}
    assert (
        client.post("/api/v1/procedures/aide-test/dossiers", {"data": {}}, content_type="application/json").status_code
        == 401
    )
    body = {"data": {"prenom": "Sam", "revenus": "1 200,5"}}
    # Another organisation's procedure: refused until the procedure names the partner (issue #10, hole 8).
    refused = client.post(
        "/api/v1/procedures/aide-test/dossiers", body, content_type="application/json", headers=headers
    )
    assert refused.status_code == 403 and "pas autorisée" in refused.json()["detail"]
    procedure.prefill_partners.add(partner)
    response = client.post(
        "/api/v1/procedures/aide-test/dossiers", body, content_type="application/json", headers=headers
    )
    assert response.status_code == 201, response.content
    body = response.json()
    dossier = Dossier.objects.get(pk=body["dossier_id"])
    assert dossier.data == {"prenom": "Sam", "revenus": "1200.5"} and body["rejected"] == {}
    path = body["url"].split("://", 1)[1].split("/", 1)[1]
    client.force_login(owner.user)
    response = client.post("/" + path)
    assert response["Location"] == reverse("procedures:dossier_page", args=[dossier.pk, 0])
    dossier.refresh_from_db()
    assert dossier.person == owner
    # The creating partner is not the processing organisation: no state for it.
    assert client.get(f"/api/v1/procedures/dossiers/{dossier.pk}", headers=headers).status_code == 404
    _t, processing = api_token_create(organisation=procedure.organisation, name="SI du CCAS")
    state = client.get(
        f"/api/v1/procedures/dossiers/{dossier.pk}", headers={"Authorization": f"Bearer {processing}"}
    ).json()
    assert state["state"] == "draft" and state["reference"] == dossier.reference


def test_openapi_documents_the_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/procedures/{slug}/dossiers" in paths
