import pytest

from tests.directory.factories import PlaceFactory, ServiceFactory, venissieux

pytestmark = pytest.mark.django_db
URL = "/api/v1/directory/search"


@pytest.fixture(autouse=True)
def commune():
    return venissieux()


def test_search_by_commune_with_cursor(client):
    for i in range(5):
        ServiceFactory(name=f"S{i}", place=PlaceFactory(latitude=45.7012 + i * 0.004, longitude=4.8805))
    body = client.get(URL, {"code_commune": "69259", "limit": 2}).json()
    assert body["total"] == 5 and [i["service"]["nom"] for i in body["items"]] == ["S0", "S1"]
    assert body["items"][0]["structure"]["id"].startswith("relais--") and body["items"][0]["distance"] < 1
    second = client.get(URL, {"code_commune": "69259", "limit": 2, "cursor": body["next_cursor"]}).json()
    assert [i["service"]["nom"] for i in second["items"]] == ["S2", "S3"]


def test_filters_and_extension(client):
    ServiceFactory(name="Douches", thematiques=["hygiene--douches"], place=PlaceFactory(languages=["fr", "ar"]))
    ServiceFactory(name="Repas", thematiques=["equipement-et-alimentation--alimentation"], frais="payant")
    body = client.get(
        URL, {"lat": 45.70, "lon": 4.88, "thematiques": "hygiene", "langue": "ar", "frais": "gratuit"}
    ).json()
    assert [i["service"]["nom"] for i in body["items"]] == ["Douches"]
    assert body["items"][0]["service"]["extension_relais"]["thematiques"] == ["hygiene--douches"]
    body = client.get(URL, {"lat": 45.70, "lon": 4.88, "q": "manger"}).json()
    assert [i["service"]["nom"] for i in body["items"]] == ["Repas"]


@pytest.mark.parametrize(
    "params,message",
    [
        ({"lat": 45, "lon": 4, "thematiques": "licornes"}, "Thématique inconnue"),
        ({}, "code_commune"),
        ({"lat": 45, "lon": 4, "frais": "cher"}, "frais"),
        ({"lat": 45, "lon": 4, "cursor": "zzz"}, "curseur"),
    ],
)
def test_clear_400s(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400 and message in response.json()["detail"]


@pytest.mark.parametrize(
    "params,status,message",
    [
        ({"lat": 95, "lon": 4}, 422, "« lat » doit être au plus 90"),
        ({"lat": 45, "lon": 4, "distance": 60}, 422, "« distance » doit être au plus 50"),
        ({"code_commune": "99999"}, 404, "Commune inconnue"),
        ({"code_commune": "", "lat": 0}, 422, "« code_commune »"),
    ],
)
def test_what_the_schema_forbids_is_refused_as_it_says(client, params, status, message):
    response = client.get(URL, params)
    assert response.status_code == status and message in response.json()["detail"]


def test_get_structure_and_service(client):
    service = ServiceFactory()
    body = client.get(f"/api/v1/directory/structures/{service.place.di_id}").json()
    assert body["nom"] == service.place.name and body["services"][0]["id"] == service.di_id
    assert client.get(f"/api/v1/directory/services/{service.pk}").json()["nom"] == service.name
    hidden = ServiceFactory(place=PlaceFactory(is_published=False))
    assert client.get(f"/api/v1/directory/services/{hidden.pk}").status_code == 404


def test_openapi_lists_the_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/directory/search",
        "/api/v1/directory/structures/{structure_id}",
        "/api/v1/directory/services/{service_id}",
    } <= set(paths)
