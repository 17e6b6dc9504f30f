import pytest

from relais.organisations.services import api_token_create
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Relais API"


def test_partner_token_authentication(client):
    org = OrganisationFactory(name="CAF test")
    assert client.get("/api/v1/system/whoami").status_code == 401
    assert client.get("/api/v1/system/whoami", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    token, clear = api_token_create(organisation=org, name="SI partenaire")
    response = client.get("/api/v1/system/whoami", HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert response.status_code == 200
    assert response.json()["organisation"] == "CAF test"
    assert token.token_hash != clear  # only the hash is stored
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_is_refused(client):
    from django.utils import timezone

    token, clear = api_token_create(organisation=OrganisationFactory(), name="x")
    token.revoked_at = timezone.now()
    token.save()
    assert client.get("/api/v1/system/whoami", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 401
