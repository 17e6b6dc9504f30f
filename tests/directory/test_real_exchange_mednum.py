"""Exchange in the national map's schema (« schéma des lieux de médiation numérique » 1.0.1, ADR 0013)
on the real files and the demo: every exported row validates against the vendored schema, and
export → wipe → import → export gives the same file (CSV and JSON). The documented normalisations
happen at the first export (links in canonical form, values in the schema's order, `|` separators,
`00000000000000` when no SIRET is known)."""

import csv
import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from relais.directory import exporters_mednum, importers
from relais.directory import mednum_schema as ms
from relais.directory.models import Place, Service
from tests.directory.factories import PlaceFactory, ServiceFactory, venissieux
from tests.directory.test_real_exchange import import_real_files

pytestmark = [pytest.mark.django_db]


def _rows(folder: Path, fmt: str) -> dict[str, dict]:
    path = folder / f"{exporters_mednum.FILE_NAME}.{fmt}"
    if fmt == "json":
        rows = json.loads(path.read_text(encoding="utf-8"))
    else:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == ms.columns()  # every column, in the schema's order
            rows = [{k: v or None for k, v in row.items()} for row in reader]
    return {row["id"]: row for row in rows}


def _round_trip(tmp_path, fmt):
    problems: list[str] = []
    first = tmp_path / "first"
    exported = exporters_mednum.export(directory=first, fmt=fmt, problems=problems)
    rows = _rows(first, fmt)
    assert len(rows) == exported > 0
    for row in rows.values():
        assert ms.row_errors(row) == {}, row
    Service.objects.all().delete()
    Place.objects.all().delete()
    report = importers.import_file(fmt="lieux-mediation-numerique", path=first / f"{exporters_mednum.FILE_NAME}.{fmt}")
    assert report.created == exported and not report.rejected and not report.services_rejected
    second = tmp_path / "second"
    exporters_mednum.export(directory=second, fmt=fmt)
    again = _rows(second, fmt)
    assert rows.keys() == again.keys(), (
        sorted(set(rows) - set(again))[:5],
        sorted(set(again) - set(rows))[:5],
        len(rows),
        len(again),
    )
    changed = [key for key in rows if rows[key] != again[key]]
    assert changed == [], [
        (key, {k: (rows[key][k], again[key][k]) for k in rows[key] if rows[key][k] != again[key][k]})
        for key in changed[:3]
    ]
    return rows, problems


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_real_files_round_trip_in_the_mednum_schema(tmp_path, settings, fmt):
    settings.DIRECTORY_STALE_HIDE_DAYS = 100 * 365  # the files date from 2021–2023: export them all
    import_real_files()
    digital = {s.place_id for s in Service.objects.all() if exporters_mednum.is_digital(s)}
    rows, problems = _round_trip(tmp_path, fmt)
    assert len(rows) == len(digital) > 1400  # every digital-help place, none refused
    assert problems == []  # no value of the real files needed cleaning for this schema
    values = list(rows.values())
    assert sum("France Services" in (r["dispositif_programmes_nationaux"] or "") for r in values) >= 2600
    assert sum("Conseillers numériques" in (r["dispositif_programmes_nationaux"] or "") for r in values) >= 390
    days = Counter(r["date_maj"] for r in values if r["source"] == "france-services")
    assert days.most_common(1)[0][0] == "2022-12-01"  # the list's date (a later one for places merged with a
    assert dt.date.today().isoformat() not in days  # digital-help file's row), never the export day
    hinaura = rows["hinaura--4"]  # « Foyer d'animation du quatier de la Liberté », Aix-les-Bains
    assert hinaura["telephone"] == "+33679503051" and hinaura["courriels"] == "foyerliberte@free.fr"
    assert hinaura["services"] == "Maîtrise des outils numériques du quotidien"
    assert hinaura["pivot"] == ms.NO_PIVOT and hinaura["date_maj"] == "2021-05-05"


def test_demo_round_trip_in_the_mednum_schema(tmp_path):
    from relais.directory import demo as directory_demo
    from relais.territory import demo as territory_demo

    out = io.StringIO()
    territory_demo.load({}, out)
    directory_demo.load({}, out)
    rows, problems = _round_trip(tmp_path, "csv")
    assert problems == []
    row = next(r for r in rows.values() if r["id"] == "relais-demo--numerique-lyon3")
    assert row["services"] == (
        "Aide aux démarches administratives|Maîtrise des outils numériques du quotidien|"
        "Accès internet et matériel informatique"
    )
    assert row["frais_a_charge"] == "Gratuit" and row["modalites_acces"] == "Se présenter|Téléphoner"


def test_export_and_import_commands_in_the_mednum_schema(tmp_path):
    venissieux()
    place = PlaceFactory(name="Espace numérique Max Barel")
    ServiceFactory(place=place, thematiques=["numerique--acceder-a-une-connexion-internet"])
    out = io.StringIO()
    call_command("export_directory", "--schema", "lieux-mediation-numerique", str(tmp_path), stdout=out)
    assert "1 lieux de médiation numérique" in out.getvalue()
    assert (tmp_path / "lieux-de-mediation-numerique.csv").read_text(encoding="utf-8").startswith("id,pivot,nom,")
    Service.objects.all().delete()
    Place.objects.all().delete()
    call_command(
        "import_directory", "--format", "lieux-mediation-numerique", str(tmp_path), "--no-progress", stdout=out
    )
    again = Place.objects.get()
    assert (again.source, again.source_id, again.name) == ("mednum-relais", place.source_id, place.name)
    assert again.services.get().thematiques == ["numerique--acceder-a-une-connexion-internet"]
