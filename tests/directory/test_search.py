import datetime as dt

import pytest

from relais.directory import selectors
from relais.directory.hours import PARIS
from relais.directory.selectors import Query, SearchError, search_services
from tests.directory.factories import PlaceFactory, ServiceFactory

pytestmark = pytest.mark.django_db
VENISSIEUX = (45.7012, 4.8805)
TUESDAY_10H = dt.datetime(2026, 4, 7, 10, 0, tzinfo=PARIS)


def q(**kwargs):
    return Query(latitude=VENISSIEUX[0], longitude=VENISSIEUX[1], **kwargs)


def names(page):
    return [h.service.name for h in page.hits]


def test_radius_and_distance_order():
    near = ServiceFactory(name="Douches près", place=PlaceFactory(latitude=45.705, longitude=4.885))
    ServiceFactory(name="Douches 8 km", place=PlaceFactory(latitude=45.772, longitude=4.85))
    ServiceFactory(name="Douches Marseille", place=PlaceFactory(latitude=43.30, longitude=5.37))
    page = search_services(q(radius_km=5))
    assert names(page) == ["Douches près"]
    page = search_services(q(radius_km=10))
    assert names(page) == ["Douches près", "Douches 8 km"]
    assert page.hits[0].distance_km < 1 and page.hits[0].service == near


@pytest.mark.parametrize(
    "word,theme",
    [
        ("douche", "hygiene--douches"),
        ("Manger", "equipement-et-alimentation--alimentation"),
        ("papiers", "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"),
        ("CAF", "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"),
        ("dormir", "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"),
        ("recharger", "hygiene--recharger-telephone"),
        ("ordinateur", "numerique--maitriser-les-fondamentaux-du-numerique"),
        ("habits", "equipement-et-alimentation--habillement"),
        ("laver", "hygiene--laverie"),
    ],
)
def test_lay_words_find_categories(word, theme):
    ServiceFactory(name="Service cible", description="Description neutre.", thematiques=[theme])
    ServiceFactory(name="Autre chose", description="Description neutre.", thematiques=["mobilite--preparer-un-permis"])
    assert names(search_services(q(text=word))) == ["Service cible"]


def test_free_text_accent_insensitive():
    ServiceFactory(name="Épicerie solidaire", thematiques=["equipement-et-alimentation--alimentation"])
    assert names(search_services(q(text="epicerie"))) == ["Épicerie solidaire"]
    assert names(search_services(q(text="ÉPICERIE"))) == ["Épicerie solidaire"]


def test_category_filter_includes_sub_themes():
    ServiceFactory(name="Douches", thematiques=["hygiene--douches"])
    ServiceFactory(name="Repas", thematiques=["equipement-et-alimentation--alimentation"])
    assert names(search_services(q(themes=["hygiene"]))) == ["Douches"]


def test_open_now_filter():
    ServiceFactory(name="Ouvert", place=PlaceFactory(hours="Mo-Fr 09:00-12:00"))
    ServiceFactory(name="Fermé", place=PlaceFactory(hours="Mo-Fr 14:00-17:00"))
    ServiceFactory(name="Inconnu", place=PlaceFactory(hours=""))
    page = search_services(q(open_now=True), at=TUESDAY_10H)
    assert names(page) == ["Ouvert"]
    closed = next(h for h in search_services(q(), at=TUESDAY_10H).hits if h.service.name == "Fermé")
    assert closed.status.open is False and closed.status.until.hour == 14


def test_filters_free_language_wheelchair_public_mode():
    ServiceFactory(name="A", frais="payant")
    ServiceFactory(name="B", place=PlaceFactory(languages=["fr", "ar"], wheelchair=True), publics=["femmes"])
    assert names(search_services(q(free_only=True))) == ["B"]
    assert names(search_services(q(language="ar"))) == ["B"]
    assert names(search_services(q(wheelchair=True))) == ["B"]
    assert set(names(search_services(q(publics=["femmes"])))) == {"A", "B"}  # A is for everyone
    assert names(search_services(q(publics=["seniors"]))) == ["A"]


def test_remote_service_covering_the_departement_appears():
    ServiceFactory(
        name="Ligne 69",
        modes_accueil=["a-distance"],
        zone_eligibilite=["69"],
        place=PlaceFactory(latitude=45.9, longitude=4.5),
    )
    ServiceFactory(name="Ligne 13", modes_accueil=["a-distance"], zone_eligibilite=["13"])
    page = search_services(q(commune_code="69259", departement_code="69"))
    assert names(page) == ["Ligne 69"] and page.hits[0].remote


def test_stale_and_unpublished_hidden():
    from django.utils import timezone

    ServiceFactory(name="Vieux", place=PlaceFactory(checked_at=timezone.now() - dt.timedelta(days=400)))
    ServiceFactory(name="Masqué", place=PlaceFactory(is_published=False))
    ServiceFactory(name="Visible", place=PlaceFactory(checked_at=timezone.now() - dt.timedelta(days=200)))
    assert names(search_services(q())) == ["Visible"]


def test_cursor_pagination_is_stable_when_data_changes():
    for i in range(7):
        ServiceFactory(name=f"S{i}", place=PlaceFactory(latitude=45.7012 + i * 0.005, longitude=4.8805))
    first = search_services(q(), limit=3)
    assert names(first) == ["S0", "S1", "S2"] and first.total == 7
    ServiceFactory(name="Nouveau tout près", place=PlaceFactory(latitude=45.7012, longitude=4.8806))
    second = search_services(q(), cursor=first.next_cursor, limit=3)
    assert names(second) == ["S3", "S4", "S5"]
    third = search_services(q(), cursor=second.next_cursor, limit=3)
    assert names(third) == ["S6"] and third.next_cursor is None


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"radius_km": 51}, "distance"),
        ({"themes": ["inconnu"]}, "Thématique inconnue"),
    ],
)
def test_bad_queries(kwargs, message):
    with pytest.raises(SearchError, match=message):
        search_services(q(**kwargs))


def test_absurd_coordinates():
    with pytest.raises(SearchError, match="Coordonnées"):
        search_services(Query(latitude=123, longitude=4))
    with pytest.raises(SearchError):
        selectors.decode_cursor("pas-un-curseur!!")


def test_query_count_is_constant():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(15):
        ServiceFactory()
    with CaptureQueriesContext(connection) as ctx:
        search_services(q(commune_code="69259", departement_code="69"))
    assert len(ctx.captured_queries) == 3  # candidates, remote candidates, page objects
