import json

import pytest

from relais.rights import engine
from tests.rights.factories import SINGLE_PARENT_ANSWERS

pytestmark = pytest.mark.django_db
URL = "/api/v1/rights/simulate"


def _body(**changes):
    body = {key: value for key, value in SINGLE_PARENT_ANSWERS.items() if key != "couple"}
    body.update(changes)
    return body


def _post(client, body, raw=None):
    return client.post(URL, data=raw if raw is not None else json.dumps(body), content_type="application/json")


def test_simulate_returns_each_benefit_and_the_rules_date(client, commune_lyon, rights_engine):
    response = _post(client, _body(period="2026-11"))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["period"] == "2026-11"
    assert data["rules_date"] == engine.rules_date().isoformat()
    amounts = {benefit["key"]: benefit for benefit in data["benefits"]}
    assert amounts["ppa"]["monthly_amount"] == 392  # net of CRDS
    assert amounts["asf"]["monthly_amount"] == 201  # 200.77 paid
    assert amounts["aide_logement"]["detail"] == "ALF"
    assert amounts["css"]["free"] is True and amounts["css"]["monthly_amount"] is None
    # Equal to plain OpenFisca for the same household:
    from relais.rights.household import household_from_answers

    household = household_from_answers(_body())
    naive = engine.naive_simulate(household, "2026-11")
    from relais.rights.as_paid import as_paid

    raw = {benefit.key: naive.amount(benefit.key) for benefit in engine.BENEFITS}
    paid = as_paid(household, raw, naive.aah_by_adult(), "2026-11").amounts  # net of CRDS
    assert amounts["ppa"]["monthly_amount"] == round(paid["ppa"])
    assert amounts["aide_logement"]["monthly_amount"] == round(naive.values["aide_logement"])


@pytest.mark.parametrize(
    ("raw", "body", "status", "message"),
    [
        ("{not json", None, 400, "JSON lisible"),
        ("[1, 2]", None, 400, "objet JSON"),
        (None, {"adults": [{"age": 30}], "housing": "tenant"}, 422, "Il manque une réponse : « commune »"),
        (None, _body(adults=[{"age": "trente"}]), 422, "adultes › 1 › âge"),
        (None, _body(adults=[{"age": 140}]), 422, "entre 16 et 120 ans"),
        (None, _body(adults=[{"age": 30, "salary": -10}]), 422, "ne peut pas être négatif"),
        (None, _body(commune="99999"), 404, "Nous ne trouvons pas cette commune"),
        (None, _body(period="2026-13"), 422, "AAAA-MM"),
        (None, _body(colour="blue"), 422, "Champ inconnu"),
    ],
)
def test_errors_are_plain_french(client, commune_lyon, raw, body, status, message):
    response = _post(client, body, raw=raw)
    assert response.status_code == status
    assert message in response.json()["detail"]


def test_503_while_the_engine_starts(client, commune_lyon, monkeypatch):
    def not_ready(*args, **kwargs):
        raise engine.EngineNotReady("en préparation")

    monkeypatch.setattr(engine, "simulate_one", not_ready)
    response = _post(client, _body())
    assert response.status_code == 503
    assert "en préparation" in response.json()["detail"]
    assert response["Retry-After"] == "5"


def test_openapi_documents_a_full_example(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/rights/simulate"]["post"]
    body = operation["requestBody"]["content"]["application/json"]
    assert body["example"]["adults"][0]["salary"] == 800 and body["example"]["commune"] == "69123"
    assert "adults" in body["schema"]["properties"]
    assert "age" in body["schema"]["properties"]["adults"]["items"]["properties"]
    assert {"200", "400", "422", "503"} <= set(operation["responses"])
    assert operation["responses"]["200"]["content"]["application/json"]["example"]["benefits"]
