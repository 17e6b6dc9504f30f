"""What schemathesis found (issue #10, "API contract"), pinned as plain regression tests."""

import json

import pytest

from relais.organisations.services import api_token_create
from relais.procedures.models import Dossier
from tests.procedures.factories import make_procedure
from tests.rights.factories import SINGLE_PARENT_ANSWERS, lyon

pytestmark = pytest.mark.django_db


def _simulate(client, **changes):
    body = {key: value for key, value in SINGLE_PARENT_ANSWERS.items() if key != "couple"}
    body.update(changes)
    return client.post("/api/v1/rights/simulate", data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("body", [[None, None], None, {"data": {}, "colour": 1}, {"data": [1]}, {}])
def test_a_prefill_body_that_is_not_the_documented_object_is_refused(client, body):
    procedure = make_procedure()
    _token, clear = api_token_create(organisation=procedure.organisation, name="SI")
    response = client.post(
        "/api/v1/procedures/aide-test/dossiers",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {clear}"},
    )
    assert response.status_code == 422 and isinstance(response.json()["detail"], str)
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"rent": False}, "loyer"),
        ({"rent": "500"}, "loyer"),
        ({"adults": [{"age": 0}]}, "entre 16 et 120 ans"),
        ({"adults": [{"age": True}]}, "âge"),
        ({"children": [26]}, "entre 0 et 25 ans"),
        ({"housing": ""}, "logement"),
        ({"adults": []}, "une ou deux personnes"),
    ],
)
def test_the_simulator_refuses_what_its_schema_refuses(client, changes, message):
    lyon()
    response = _simulate(client, **changes)
    assert response.status_code == 422 and message in response.json()["detail"]


def test_every_api_error_is_documented_with_a_detail_string(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            if operation.get("security"):
                assert {"401", "429"} <= statuses, (method, path)
            if "{" in path:
                assert "404" in statuses or "422" in statuses, (method, path)
    assert client.get("/api/v1/territory/communes", {"q": ""}).status_code == 422
    assert client.get("/api/v1/system/whoami").json() == {
        "detail": "Jeton absent ou invalide : envoyez « Authorization: Bearer <jeton> »."
    }
