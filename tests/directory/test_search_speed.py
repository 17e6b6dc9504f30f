"""The shortcuts that keep the directory search fast (docs/adr/0012, "Speed") give the same answers
as the plain computation: the SQLite vocabulary table follows the index, the word-start matcher
agrees with the indexed words, ranking only the candidates that can enter the page gives the same
pages and totals as ranking them all, and remote services are found by zone through their index."""

import random

import pytest
from django.db import connection

from relais.directory import ranking, text_search, text_search_sqlite
from relais.directory.selectors import Query, search_services
from relais.directory.text_search_words import stem_text
from tests.directory.factories import PlaceFactory, ServiceFactory

pytestmark = pytest.mark.django_db
VENISSIEUX = (45.7012, 4.8805)


def _words():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word FROM {text_search_sqlite.WORDS_TABLE}")
        return {row[0] for row in cursor.fetchall()}


def test_sqlite_vocabulary_follows_inserts_updates_and_repairs():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite vocabulary table")
    service = ServiceFactory(name="Bagagerie solidaire", description="Consigne gratuite.")
    assert {"bagageri", "bagagerie", "consign", "consigne"} <= _words()
    service.description = "Casiers fermés."
    service.refresh_search_fields()
    service.save()
    assert {"casier", "casiers"} <= _words()
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER directory_search_word_insert")
        cursor.execute(f"DELETE FROM {text_search_sqlite.WORDS_TABLE}")
    assert text_search_sqlite.ensure_index() is True
    assert {"bagageri", "casier"} <= _words()
    ServiceFactory(name="Laverie automatique")
    assert "laveri" in _words()


@pytest.mark.parametrize(
    "query",
    ["douches laverie", "impression", "alimantaire colis", "caf", "acces droits", "laver mon linge", "x"],
)
def test_sqlite_word_start_matcher_agrees_with_the_indexed_words(query):
    plan = text_search.plan(query)
    if not plan:
        assert query == "x"  # a lone letter is no word to search: nothing to match, and that is the answer
        return
    units = plan._terms
    match = text_search_sqlite._matcher(text_search_sqlite._units_key(units))
    texts = [
        "douches et laverie accueil de jour",
        "impressions et photocopies espace numerique",
        "colis alimentaires epicerie solidaire",
        "permanence caf cafe associatif",
        "acces aux droits accessibilite",
        "laverie linge lavage",
        "rien a voir",
        "",
    ]
    for text in texts:
        words = frozenset(stem_text(text).split())
        expected = []
        for terms in units:
            exact = bool(terms) and all(t.term in words for t in terms)
            if len(terms) == 1:
                loose = not words.isdisjoint(terms[0].loose_terms)
            else:
                loose = any(not words.isdisjoint(t.loose_terms) for t in terms)
            expected.append((exact, loose))
        assert match(text) == expected, text


def _full_ranking(candidates, plan, *, keep, after):
    ranked = []
    for c in candidates:
        share = plan.relevance(c[9], c[10:])
        if share <= 0:
            continue
        name_words = ranking._normalized(c[3]).split()
        words = plan.words
        found = sum(1.0 for w in words if any(n.startswith(w) for n in name_words))
        score = ranking.rank_score(
            distance_km=c[2], relevance=share, staleness=c[8], name_share=found / len(words) if words else 0.0
        )
        ranked.append((round(score, 4), c[0], c[1]))
    ranked.sort()
    total = len(ranked)
    if after:
        ranked = [r for r in ranked if (r[0], r[1]) > after]
    return total, ranked[:keep]


def test_ranking_only_what_can_enter_the_page_gives_the_full_ranking(monkeypatch):
    rng = random.Random(4)
    themes = ["numerique", "equipement-et-alimentation--alimentation", "sante--acces-aux-soins", "hygiene--douches"]
    names = ["Aide numérique", "Colis alimentaires", "Consultations", "Douches", "Espace numérique de quartier"]
    for _i in range(60):
        ServiceFactory(
            name=rng.choice(names),
            thematiques=[rng.choice(themes)],
            place=PlaceFactory(
                latitude=VENISSIEUX[0] + rng.uniform(-0.15, 0.15), longitude=VENISSIEUX[1] + rng.uniform(-0.2, 0.2)
            ),
        )
    queries = ["numerique", "colis alimantaires", "médecin", "douche ordinateur", ""]
    for text in queries:
        query = Query(latitude=VENISSIEUX[0], longitude=VENISSIEUX[1], radius_km=20, text=text)
        fast_pages = []
        cursor = None
        for _page in range(3):
            page = search_services(query, limit=7, cursor=cursor, load=False)
            fast_pages.append((page.total, [(h.service_id, h.score) for h in page.hits], page.next_cursor))
            cursor = page.next_cursor
            if not cursor:
                break
        monkeypatch.setattr(ranking, "best", _full_ranking)
        cursor = None
        for expected in fast_pages:
            page = search_services(query, limit=7, cursor=cursor, load=False)
            assert (page.total, [(h.service_id, h.score) for h in page.hits], page.next_cursor) == expected, text
            cursor = page.next_cursor
        monkeypatch.undo()
        assert fast_pages[0][0] > 0 or text == "médecin"


def test_remote_services_found_by_their_zones_only():
    far = PlaceFactory(latitude=45.9, longitude=4.5)
    for zones, name in ((["69"], "Ligne du Rhône"), (["france"], "Ligne nationale"), (["38"], "Ligne de l'Isère")):
        ServiceFactory(name=name, modes_accueil=["a-distance"], zone_eligibilite=zones, place=far)
    ServiceFactory(
        name="Ligne cachée", modes_accueil=["a-distance"], zone_eligibilite=["69"], place=far, is_published=False
    )
    page = search_services(
        Query(latitude=VENISSIEUX[0], longitude=VENISSIEUX[1], commune_code="69259", departement_code="69")
    )
    assert sorted(h.service.name for h in page.hits if h.remote) == ["Ligne du Rhône", "Ligne nationale"]
