import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from relais.directory import exporters, importers
from relais.directory.models import Place, PlaceAlias, PlaceVersion, Service
from tests.conftest import missing_tool
from tests.directory.factories import PlaceFactory, ServiceFactory, venissieux

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "territory"


def _structure(i, **extra):
    return {
        "source": "test",
        "id": f"test--{i}",
        "nom": f"Structure {i}",
        "date_maj": "2024-05-01",
        "code_insee": "69259",
        "latitude": 45.70,
        "longitude": 4.88,
        "horaires_accueil": "Mo-Fr 09:00-12:00",
        **extra,
    }


def _service(i, structure, **extra):
    return {
        "source": "test",
        "id": f"test--s{i}",
        "structure_id": f"test--{structure}",
        "nom": f"Service {i}",
        "description": "Une description assez longue.",
        "date_maj": "2024-05-01",
        "thematiques": ["numerique--acceder-a-des-services-en-ligne"],
        "frais": "gratuit",
        **extra,
    }


def test_data_inclusion_json_bad_rows_rejected_with_line_and_reason(tmp_path):
    venissieux()
    data = {
        "structures": [_structure(1), _structure(2, nom="X"), _structure(3, horaires_accueil="n'importe quoi")],
        "services": [
            _service(1, 1),
            _service(2, 1, thematiques=["pas-une-thematique"]),
            _service(3, 3),
            _service(4, 99),
        ],
    }
    path = tmp_path / "di.json"
    path.write_text(json.dumps(data))
    report = importers.import_file(fmt="data-inclusion", path=path)
    # structures and services are counted apart: one place refused, two services refused
    assert (report.created, len(report.rejected), len(report.services_rejected)) == (2, 1, 2)
    assert "1 rejetés" in report.lines()[0] and "2 rejetés" in report.lines()[1]
    reasons = {r.line: r.reason for r in report.rejected + report.services_rejected}
    assert "nom" in reasons["structures:2"]
    assert "thematiques" in reasons["services:2"]
    assert "structure inconnue" in reasons["services:4"]
    assert any(w.line == "structures:3" and "horaires" in w.reason for w in report.warnings)
    assert Service.objects.count() == 2
    again = importers.import_file(fmt="data-inclusion", path=path)
    assert (again.created, again.updated, again.unchanged, again.services_unchanged) == (0, 0, 2, 2)
    data["structures"][0]["nom"] = "Structure 1 renommée"
    path.write_text(json.dumps(data))
    changed = importers.import_file(fmt="data-inclusion", path=path)
    assert (changed.updated, changed.unchanged) == (1, 1)
    place = Place.objects.get(source="test", source_id="1")
    assert place.name == "Structure 1 renommée" and PlaceVersion.objects.filter(place=place).count() == 1
    assert place.services.get(source_id="s1").search_text.startswith("service 1 structure 1 renommee")


def test_a_failing_write_never_half_writes_the_batch(tmp_path, monkeypatch):
    venissieux()
    path = tmp_path / "di.json"
    path.write_text(
        json.dumps({"structures": [_structure(1), _structure(2)], "services": [_service(1, 1), _service(2, 2)]})
    )
    original = importers._write

    def failing(records, report, **kwargs):
        if any(r.place["source_id"] == "2" for r in records):
            raise RuntimeError("disque plein")
        return original(records, report, **kwargs)

    monkeypatch.setattr(importers, "_write", failing)
    report = importers.import_file(fmt="data-inclusion", path=path)
    assert report.created == 1 and [r.line for r in report.rejected] == ["structures:2"]
    assert list(Place.objects.values_list("source_id", flat=True)) == ["1"]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_into_empty_database_gives_same_services(tmp_path, fmt):
    venissieux()
    place = PlaceFactory(
        languages=["fr", "ar"],
        wheelchair=True,
        animals_accepted=False,
        is_full=True,
        full_message="Complet",
        welcome="prioritaire",
        welcome_details="Femmes",
        itinerant=True,
        itinerant_details="Mardi place X",
        description="Accueil de jour.",
        hours="Mo-Fr 08:00-12:00; PH off",
        postcode="69200",
        source="relais",
    )
    ServiceFactory(
        place=place,
        thematiques=["hygiene--douches", "sante--acces-aux-soins"],
        publics=["femmes", "jeunes"],
        hours="Tu 09:00-11:00",
        zone_eligibilite=["69"],
        modes_accueil=["en-presentiel", "a-distance"],
        modes_mobilisation=["telephoner"],
        mobilisable_par=["professionnels"],
        frais_precisions="Rien à payer",
        lien_mobilisation="https://example.org/inscription",
        contact_name="Mme Martin",
        phone="+33400000001",
    )
    ServiceFactory(place=place, thematiques=["hygiene--laverie"], publics=["tous-publics"])
    ServiceFactory(place=PlaceFactory(is_published=False))  # not exported
    compared = [
        "source",
        "source_id",
        "name",
        "description",
        "type",
        "thematiques",
        "frais",
        "frais_precisions",
        "publics",
        "modes_accueil",
        "modes_mobilisation",
        "mobilisable_par",
        "lien_mobilisation",
        "zone_eligibilite",
        "hours",
        "phone",
        "contact_name",
    ]
    place_compared = [
        "source",
        "source_id",
        "name",
        "description",
        "hours",
        "languages",
        "wheelchair",
        "animals_accepted",
        "is_full",
        "full_message",
        "welcome",
        "welcome_details",
        "itinerant",
        "itinerant_details",
        "latitude",
        "longitude",
        "commune_code",
        "postcode",
        "phone",
    ]

    def norm(value):  # list fields are sets in data·inclusion: order carries no meaning
        return str(sorted(value) if isinstance(value, list) else value)

    def state():
        services = sorted(
            tuple(norm(getattr(s, f)) for f in compared) for s in Service.objects.filter(place__is_published=True)
        )
        places = sorted(
            tuple(norm(getattr(p, f)) for f in place_compared) for p in Place.objects.filter(is_published=True)
        )
        return services, places

    before = state()
    counts = exporters.export(directory=tmp_path, fmt=fmt)
    assert counts == (1, 2)
    Service.objects.all().delete()
    Place.objects.all().delete()
    report = importers.import_file(fmt="data-inclusion", path=tmp_path)
    assert not report.rejected, report.rejected
    assert state() == before


def test_exported_rows_are_valid_data_inclusion(tmp_path):
    from data_inclusion.schema import v1

    venissieux()
    ServiceFactory(thematiques=["hygiene--douches"])
    exporters.export(directory=tmp_path, fmt="json")
    for row in json.loads((tmp_path / "structures.json").read_text()):
        v1.Structure.model_validate(row)
    for row in json.loads((tmp_path / "services.json").read_text()):
        v1.Service.model_validate(row)
        assert row["extension_relais"] == {"thematiques": ["hygiene--douches"]} and row["thematiques"] is None


@pytest.mark.slow
def test_real_open_data_files_import_and_search(client, settings):
    """France Services CSV + both digital-help JSON files: report, idempotent re-import, then search."""
    settings.DIRECTORY_STALE_HIDE_DAYS = 100 * 365  # the files date from 2021–2023: keep them searchable
    if not (DATA / "france_services_20221201.csv").exists():
        missing_tool("shared data files missing (../shared/data/territory)")
    call_command(
        "import_territory",
        regions=str(DATA / "regions_decoupage_administratif.csv"),
        departements=str(DATA / "departements_decoupage_administratif.csv"),
        communes=str(DATA / "communes_decoupage_administratif.csv"),
        no_progress=True,
        stdout=io.StringIO(),
    )
    files = [
        ("france-services", "france_services_20221201.csv"),
        ("lieux-mediation-numerique", "lieux_mediation_numerique_hinaura_aura.json"),
        ("lieux-mediation-numerique", "lieux_mediation_numerique_hub_du_sud_paca_20230516.json"),
    ]
    for fmt, name in files:
        out = io.StringIO()
        call_command("import_directory", "--format", fmt, str(DATA / name), "--no-progress", stdout=out)
        assert "créés" in out.getvalue() and "rejeté — ligne" in out.getvalue() or fmt != "france-services"
    fs = Place.objects.filter(source="france-services").count()
    assert fs > 2600
    mednum = Place.objects.filter(source__startswith="mednum-").count()
    merged = PlaceAlias.objects.filter(source__startswith="mednum-").count()
    assert mednum + merged == 687 + 792 and merged >= 150  # the France Services also in the mednum files
    assert PlaceAlias.objects.filter(reason="france-services").count() == 150
    for fmt, name in files:
        out = io.StringIO()
        call_command("import_directory", "--format", fmt, str(DATA / name), "--no-progress", stdout=out)
        assert " 0 créés, 0 mis à jour" in out.getvalue()
    # Martigues (13056), PACA; Annecy (74010), Auvergne-Rhône-Alpes.
    response = client.get("/api/v1/directory/search", {"code_commune": "13056", "distance": 15})
    body = response.json()
    assert response.status_code == 200 and body["total"] > 0
    sources = {item["service"]["source"] for item in body["items"]}
    assert "france-services" in sources and any(s.startswith("mednum-") for s in sources)
    response = client.get("/api/v1/directory/search", {"code_commune": "74010", "distance": 10, "q": "ordinateur"})
    assert response.json()["total"] > 0


def test_csv_export_neutralises_formulas_and_reads_them_back(tmp_path):
    """Issue #10, hole 4: the directory's CSV sends no formula, and its import gives the text back."""
    venissieux()
    place = PlaceFactory(description='=HYPERLINK("https://evil.example";"Lieu")', postcode="69200")
    ServiceFactory(place=place, contact_name="@Mme Martin", phone="+33400000001", description="- Douches")
    exporters.export(directory=tmp_path, fmt="csv")
    with (tmp_path / "structures.csv").open(encoding="utf-8", newline="") as handle:
        structure = next(csv.DictReader(handle))
    with (tmp_path / "services.csv").open(encoding="utf-8", newline="") as handle:
        service = next(csv.DictReader(handle))
    assert structure["description"] == "'" + place.description
    assert service["contact_nom_prenom"] == "'@Mme Martin" and service["description"] == "'- Douches"
    assert service["telephone"] == "+33400000001"
    Service.objects.all().delete()
    Place.objects.all().delete()
    report = importers.import_file(fmt="data-inclusion", path=tmp_path)
    assert not report.rejected, report.rejected
    assert Place.objects.get().description == place.description
    assert Service.objects.get().contact_name == "@Mme Martin"
