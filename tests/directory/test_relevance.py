"""Relevance of the directory search over the REAL open-data files (issue #12): plain-language
queries (lay words, typos, several words, an unknown word, word starts) around real communes,
each with what must appear in the first five results.

Data: ../shared/data/territory — the France Services list (CSV, 2022-12-01) and the two regional
digital-help files (lieux de médiation numérique, Auvergne-Rhône-Alpes and PACA), imported with
the real importers (`manage.py import_directory`). Several France Services come twice (CSV and
digital-help file): expectations count categories or place names among the first five, so they
hold whether duplicates are merged or not. Passes on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from relais.directory.models import Service
from relais.directory.selectors import Query, search_services
from relais.territory.models import Commune
from relais.territory.text import normalize
from tests.territory.conftest import shared_data_or_skip

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FILES = [
    ("france-services", "france_services_20221201.csv"),
    ("lieux-mediation-numerique", "lieux_mediation_numerique_hinaura_aura.json"),
    ("lieux-mediation-numerique", "lieux_mediation_numerique_hub_du_sud_paca_20230516.json"),
]
DEMARCHES = "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"
DROITS = "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
NUMERIQUE = "numerique"
CONNEXION = "numerique--acceder-a-une-connexion-internet"
FONDAMENTAUX = "numerique--maitriser-les-fondamentaux-du-numerique"
EMPLOI = "trouver-un-emploi"
CV = "preparer-sa-candidature"
FS = "France services"

LYON, MARSEILLE, GUERET, GRENOBLE, ANNECY = "69123", "13055", "23096", "38185", "74010"
NICE, TOULON, AVIGNON, CLERMONT, ST_ETIENNE = "06088", "83137", "84007", "63113", "42218"
VALENCE, CHAMBERY, AIX, VILLEURBANNE = "26362", "73065", "13001", "69266"

# (commune, what people type, radius km, expectation) — expectations:
#   ("theme", code, n): at least n of the first five carry the category or theme `code`
#   ("place", text, n): at least n of the first five are at a place whose name holds `text`
#   ("not", code): none of the first five carries `code` (there may be no result at all)
CASES = [
    # everyday words and the lexicon
    (LYON, "papiers", 15, ("theme", DEMARCHES, 4)),
    (LYON, "papier identité", 15, ("theme", DEMARCHES, 4)),
    (LYON, "carte grise", 15, ("theme", DEMARCHES, 4)),
    (LYON, "logement urgence", 15, ("place", FS, 3)),
    (LYON, "impôts", 15, ("place", FS, 3)),
    (MARSEILLE, "caf", 15, ("place", FS, 3)),
    (MARSEILLE, "retraite", 15, ("place", FS, 3)),
    (GUERET, "impots", 20, ("place", FS, 2)),
    (GUERET, "france services", 20, ("place", FS, 2)),
    (VALENCE, "cpam", 20, ("place", FS, 1)),
    (ST_ETIENNE, "carte vitale", 15, ("place", FS, 1)),
    (GRENOBLE, "ordinateur", 15, ("theme", NUMERIQUE, 5)),
    (ANNECY, "smartphone", 15, ("theme", FONDAMENTAUX, 5)),
    (TOULON, "wifi", 15, ("theme", CONNEXION, 4)),
    (NICE, "internet", 15, ("theme", NUMERIQUE, 5)),
    (LYON, "imprimer", 15, ("theme", NUMERIQUE, 5)),
    (LYON, "impression", 15, ("theme", NUMERIQUE, 5)),
    (LYON, "mail", 15, ("theme", NUMERIQUE, 5)),
    (AIX, "tablette", 15, ("theme", NUMERIQUE, 5)),
    (MARSEILLE, "emploi", 15, ("theme", EMPLOI, 4)),
    (MARSEILLE, "cv", 15, ("theme", CV, 4)),
    (LYON, "médecin", 15, ("not", NUMERIQUE)),
    (MARSEILLE, "docteur", 15, ("not", NUMERIQUE)),
    (ST_ETIENNE, "france services", 15, ("place", FS, 2)),
    # typos of one or two letters
    (LYON, "interner", 15, ("theme", NUMERIQUE, 5)),
    (GRENOBLE, "ordinatuer", 15, ("theme", NUMERIQUE, 5)),
    (MARSEILLE, "smarphone", 15, ("theme", FONDAMENTAUX, 4)),
    (MARSEILLE, "numerque", 15, ("theme", NUMERIQUE, 5)),
    (ANNECY, "informatiqe", 15, ("theme", NUMERIQUE, 5)),
    (LYON, "démarchs administratives", 15, ("theme", DEMARCHES, 4)),
    (MARSEILLE, "retraitte", 15, ("place", FS, 3)),
    (LYON, "allocations familliales", 15, ("theme", DROITS, 3)),
    (CHAMBERY, "conexion internet", 15, ("theme", CONNEXION, 3)),
    # several words
    (CLERMONT, "démarches en ligne", 15, ("theme", DEMARCHES, 3)),
    (GRENOBLE, "apprendre smartphone", 15, ("theme", NUMERIQUE, 5)),
    (MARSEILLE, "papiers caf", 15, ("place", FS, 3)),
    (VILLEURBANNE, "démarches administratives internet", 15, ("theme", DEMARCHES, 3)),
    (AVIGNON, "conseiller numérique", 15, ("theme", NUMERIQUE, 5)),
    (LYON, "impots en ligne", 15, ("place", FS, 2)),
    # one unknown word lowers the rank, never empties the results
    (LYON, "ordinateur zorglub", 15, ("theme", NUMERIQUE, 5)),
    (MARSEILLE, "caf blablabla", 15, ("place", FS, 3)),
    (LYON, "wifi gratuit parapluie", 15, ("theme", CONNEXION, 3)),
    (LYON, "aide ordinateur seniors", 15, ("theme", NUMERIQUE, 5)),
    # the start of a word
    (GRENOBLE, "numéri", 15, ("theme", NUMERIQUE, 5)),
    (NICE, "ordina", 15, ("theme", NUMERIQUE, 5)),
    (LYON, "accompagn", 15, ("theme", DEMARCHES, 3)),
]


@pytest.fixture(scope="module")
def real_directory(django_db_setup, django_db_blocker):
    """The communes and the three real directory files, imported once in a transaction rolled
    back afterwards (the import's journal entries, append-only, must not outlive the module)."""
    directory = shared_data_or_skip()
    # the files date from 2021–2023 and their dates are the places' freshness (ADR 0006): keep them visible
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(DIRECTORY_STALE_HIDE_DAYS=100 * 365):
        call_command(
            "import_territory",
            regions=str(directory / "regions_decoupage_administratif.csv"),
            departements=str(directory / "departements_decoupage_administratif.csv"),
            communes=str(directory / "communes_decoupage_administratif.csv"),
            no_progress=True,
            stdout=io.StringIO(),
        )
        for fmt, name in FILES:
            path = str(directory / name)
            call_command("import_directory", "--format", fmt, path, "--no-progress", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def search(code: str, text: str, radius: int):
    commune = Commune.objects.select_related("departement").get(code=code)
    query = Query(
        latitude=commune.latitude,
        longitude=commune.longitude,
        radius_km=radius,
        text=text,
        commune_code=commune.code,
        departement_code=commune.departement.code,
    )
    return search_services(query, limit=5).hits


def _carries(service: Service, code: str) -> bool:
    return any(theme == code or theme.startswith(f"{code}--") for theme in service.thematiques)


def _describe(hits) -> str:
    return "\n".join(f"  {h.distance_km} km · {h.service.place.name} · {h.service.thematiques}" for h in hits)


def test_at_least_forty_queries():
    assert len(CASES) >= 40


@pytest.mark.parametrize("code,text,radius,expected", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_first_five_results(real_directory, code, text, radius, expected):
    hits = search(code, text, radius)
    kind = expected[0]
    if kind == "theme":
        found = sum(_carries(h.service, expected[1]) for h in hits)
        assert found >= expected[2], f"« {text} »: {found} of the first five carry {expected[1]}\n{_describe(hits)}"
    elif kind == "place":
        found = sum(expected[1].lower() in h.service.place.name.lower() for h in hits)
        assert found >= expected[2], f"« {text} »: {found} of the first five at « {expected[1]} »\n{_describe(hits)}"
    else:
        assert not any(_carries(h.service, expected[1]) for h in hits), f"« {text} »\n{_describe(hits)}"


@pytest.mark.parametrize("code", [LYON, MARSEILLE, GRENOBLE])
def test_whole_words_only(real_directory, code):
    """« abri » never finds a place only because a word holds it (« Gabriel », « Fabrique »)."""
    for hit in search(code, "abri", 30):
        words = normalize(f"{hit.service.search_text}").split()
        assert any(w.startswith("abri") for w in words) or _carries(hit.service, "logement-hebergement"), (
            hit.service.place.name
        )
