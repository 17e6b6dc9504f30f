import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_territory")]

URL = "/api/v1/territory/communes"


def test_search_by_name_and_postcode(client):
    response = client.get(URL, {"q": "saint-étienne", "limit": 3})
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 3
    assert data[0] == {
        "code": "42218",
        "name": "Saint-Étienne",
        "postcodes": ["42000", "42100", "42230"],
        "departement": {"code": "42", "name": "Loire"},
        "lat": 45.4241,
        "lon": 4.3665,
        "population": data[0]["population"],
    }
    assert data[0]["population"] > 170_000
    assert client.get(URL, {"q": "lyon"}).json()[0]["name"] == "Lyon"
    assert len(client.get(URL, {"q": "saint"}).json()) == 10  # default limit
    assert [c["code"] for c in client.get(URL, {"q": "69200"}).json()][0] == "69259"


def test_empty_query_and_bad_limit(client):
    # q is required and not blank, as the schema says (issue #10: an empty q was schema-valid yet refused).
    response = client.get(URL, {"q": "  "})
    assert response.status_code == 422
    assert "« q »" in response.json()["detail"]
    assert client.get(URL).status_code == 422
    assert client.get(URL, {"q": "lyon", "limit": 0}).status_code == 422
    assert client.get(URL, {"q": "lyon", "limit": 51}).status_code == 422
    assert client.get(URL, {"q": "xqzwv"}).json() == []


def test_commune_by_code(client):
    response = client.get(f"{URL}/2A004")
    assert response.status_code == 200 and response.json()["name"] == "Ajaccio"
    response = client.get(f"{URL}/00000")
    assert response.status_code == 404 and "00000" in response.json()["detail"]


def test_documented_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/territory/communes" in paths and "/api/v1/territory/communes/{code}" in paths
