"""Paris, Lyon and Marseille arrondissements, postcodes where a commune is expected, and an honest
message for a real commune whose département is not loaded (issue #12)."""

import pytest

from relais.territory import arrondissements, selectors
from relais.territory.widgets import CommuneField
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cities(db):
    lyon = CommuneFactory(
        code="69123", name="Lyon", postcodes="69001 69002 69003 69008", latitude=45.76, longitude=4.83
    )
    ancy = CommuneFactory(code="69008", name="Ancy", postcodes="69490", departement=lyon.departement)
    villeurbanne = CommuneFactory(
        code="69266", name="Villeurbanne", postcodes="69100", departement=lyon.departement, latitude=45.77
    )
    return {"lyon": lyon, "ancy": ancy, "villeurbanne": villeurbanne}


@pytest.mark.parametrize(
    ("text", "city"),
    [("Lyon 8e", "69123"), ("lyon 8ème", "69123"), ("Paris 15e", "75056"), ("Marseille 1er arrondissement", "13055")],
)
def test_arrondissement_names(text, city):
    assert arrondissements.city_of_name(text) == city


def test_out_of_range_arrondissements_are_not_cities():
    assert arrondissements.city_of_name("Lyon 10e") is None
    assert arrondissements.city_of_code("69390") is None and arrondissements.city_of_code("75120") == "75056"
    assert arrondissements.city_of_postcode("75116") == "75056" and arrondissements.city_of_postcode("69010") is None


def test_typed_arrondissements_resolve_to_the_city(cities):
    assert selectors.commune_resolve("Lyon 8e").commune == cities["lyon"]
    assert selectors.commune_resolve("69388").commune == cities["lyon"]  # the arrondissement's INSEE code
    assert selectors.commune_search("Lyon 3ème") == [cities["lyon"]]


def test_the_api_code_accepts_insee_codes_arrondissements_and_postcodes(cities):
    assert selectors.commune_for_code("69388") == cities["lyon"]
    assert selectors.commune_for_code("69100") == cities["villeurbanne"]  # a postcode, no INSEE code
    assert selectors.commune_for_code("69008") == cities["ancy"]  # an INSEE code wins when it is both
    assert selectors.commune_for_code("99999") is None


def test_a_real_commune_not_loaded_gets_an_honest_message(cities):
    assert "département 23 ne sont pas encore chargées" in selectors.not_loaded_message("23000")
    assert selectors.not_loaded_message("69100") == ""
    message = selectors.not_loaded_message("Guéret")
    assert "1 département" in message and "pas encore chargée" in message
    field = CommuneField()
    with pytest.raises(Exception) as refused:
        field.clean({"text": "Guéret", "code": "", "choice": ""})
    assert "pas encore chargée" in str(refused.value)


def test_api_search_accepts_a_postcode_as_code_commune(client, cities):
    response = client.get("/api/v1/directory/search", {"code_commune": "69100", "distance": 5})
    assert response.status_code == 200
    unknown = client.get("/api/v1/directory/search", {"code_commune": "23000", "distance": 5})
    assert unknown.status_code == 404 and "département 23" in unknown.json()["detail"]
