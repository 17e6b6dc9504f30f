"""Free-text search with the databases' engines (relais/directory/text_search*, docs/adr/0012):
whole words and prefixes, typos, stemming, unknown words, the lexicon's exclusions, index sync.
Runs on SQLite (FTS5) and PostgreSQL (tsvector + pg_trgm) alike."""

import pytest
from django.db import connection

from relais.directory import services as directory_services
from relais.directory import text_search, text_search_sqlite
from relais.directory.selectors import Query, search_services
from relais.directory.text_search_words import distance, stem, typo_budget
from tests.directory.factories import PlaceFactory, ServiceFactory

pytestmark = pytest.mark.django_db
VENISSIEUX = (45.7012, 4.8805)
NEUTRAL = ["mobilite--preparer-un-permis"]


def q(text, **kwargs):
    return Query(latitude=VENISSIEUX[0], longitude=VENISSIEUX[1], text=text, **kwargs)


def names(text, **kwargs):
    return [h.service.name for h in search_services(q(text, **kwargs)).hits]


def service(name, description="Description neutre.", themes=NEUTRAL, **place):
    return ServiceFactory(name=name, description=description, thematiques=themes, place=PlaceFactory(**place))


def test_whole_words_and_prefixes_never_inside_a_word():
    service("Accueil Saint Gabriel")
    service("La Fabrique")
    service("Abri de nuit")
    service("Abribus solidaire")
    assert names("abri") == ["Abri de nuit", "Abribus solidaire"]  # the word, then a word it starts


@pytest.mark.parametrize(
    "typed,name",
    [
        ("alimantaire", "Aide alimentaire du quartier"),
        ("interner", "Accès à internet"),
        ("epicrie", "Épicerie du cœur"),
        ("solidaitre", "Garage solidaire"),
    ],
)
def test_one_or_two_wrong_letters_on_long_words(typed, name):
    service(name)
    service("Autre chose")
    assert names(typed) == [name]


def test_short_words_are_taken_as_typed():
    service("Bus du soir")
    assert names("bas") == []  # three letters: no typo tolerance


def test_stemming_both_ways():
    service("Logements temporaires")
    service("Imprimante en libre accès")
    assert names("logement") == ["Logements temporaires"]
    assert "Imprimante en libre accès" in names("imprimer")


def test_an_unknown_word_lowers_the_rank_instead_of_emptying_the_results():
    both = service("Épicerie solidaire du centre", latitude=45.75, longitude=4.85)  # ~6 km
    one = service("Épicerie du quartier", latitude=45.702, longitude=4.881)  # next door
    assert names("epicerie solidaire") == [both.name, one.name]  # every word beats distance
    assert names("epicerie zorglub") == [one.name, both.name]  # unknown word: distance decides
    assert names("zorglub") == []


def test_several_words_rank_services_matching_all_of_them_first():
    service("Douches et laverie", themes=["hygiene--douches", "hygiene--laverie"], latitude=45.76, longitude=4.85)
    service("Douches", themes=["hygiene--douches"])
    assert names("douche linge")[0] == "Douches et laverie"


def test_lexicon_phrases_and_exclusions():
    service("Espace numérique", themes=["numerique--acceder-a-des-services-en-ligne", "sante--acces-aux-soins"])
    service("Centre de santé", themes=["sante--acces-aux-soins"])
    service("Laverie solidaire", themes=["hygiene--laverie"])
    assert names("médecin") == ["Centre de santé"]  # digital help « with health procedures » is not a doctor
    assert names("laver mon linge") == ["Laverie solidaire"]
    assert names("medecn") == ["Centre de santé"]  # a misspelt lexicon word


def test_the_index_follows_edits_and_deletions():
    target = service("Bagagerie de la gare", themes=["hygiene--bagagerie"])
    assert names("gare") == ["Bagagerie de la gare"]
    target.name = "Bagagerie du port"
    target.refresh_search_fields()
    target.save()
    assert names("gare") == [] and names("port") == ["Bagagerie du port"]
    target.place.name = "Maison des associations"
    target.place.save()
    directory_services._refresh_services(target.place)  # what every place edit does
    assert names("associations") == ["Bagagerie du port"]
    target.delete()
    assert names("port") == []


def test_plan_without_text_asks_nothing():
    assert not text_search.plan("  de la  ")


def test_words_helpers():
    assert stem("logements") == stem("logement")
    assert stem("alimentaire") == "alimentair"
    assert stem("115") == "115"
    assert [typo_budget(w) for w in ("bus", "douche", "alimantaire")] == [0, 1, 2]
    assert distance("alimantair", "alimentair", 2) == 1
    assert distance("abcdef", "uvwxyz", 2) == 3


def test_sqlite_index_repaired_when_a_table_rebuild_dropped_its_triggers():
    if connection.vendor != "sqlite":
        assert text_search_sqlite.ensure_index() is False
        return
    service("Bagagerie de la gare", themes=["hygiene--bagagerie"])
    assert text_search_sqlite.ensure_index() is False  # nothing missing
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER directory_service_fts_insert")
        cursor.execute("DELETE FROM directory_service_fts")
    assert names("gare") == []
    assert text_search_sqlite.ensure_index() is True
    assert names("gare") == ["Bagagerie de la gare"]
    service("Vestiaire de la gare")
    assert len(names("gare")) == 2


def test_remote_services_are_searched_by_text_too():
    far = PlaceFactory(latitude=45.9, longitude=4.5)
    ServiceFactory(name="Ligne écoute logement", modes_accueil=["a-distance"], zone_eligibilite=["69"], place=far)
    ServiceFactory(name="Ligne emploi", modes_accueil=["a-distance"], zone_eligibilite=["69"], place=far)
    page = search_services(q("logement", commune_code="69259", departement_code="69"))
    assert [h.service.name for h in page.hits] == ["Ligne écoute logement"] and page.hits[0].remote
