"""Exchange on the real open data files (issue #12): every exported row validates against the
data·inclusion package's models, and export → wipe → import → export loses nothing and gives the same
files (JSON and CSV). The documented normalisations happen at the first export: links in their
canonical form (« http://a.fr/ »), list values sorted, dates before 2000 replaced (see ADR 0006)."""

import csv
import io
import json
from pathlib import Path

import pytest
from data_inclusion.schema import v1
from django.core.management import call_command

from relais.directory import exporters, importers
from relais.directory.models import Place, Service
from tests.conftest import missing_tool

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "territory"
FILES = [
    ("france-services", "france_services_20221201.csv"),
    ("lieux-mediation-numerique", "lieux_mediation_numerique_hinaura_aura.json"),
    ("lieux-mediation-numerique", "lieux_mediation_numerique_hub_du_sud_paca_20230516.json"),
]


def import_real_files():
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
    return [importers.import_file(fmt=fmt, path=DATA / name) for fmt, name in FILES]


def _rows(folder: Path, name: str, fmt: str) -> dict[str, dict]:
    if fmt == "json":
        rows = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    else:
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    return {row["id"]: row for row in rows}


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_real_files_round_trip_and_validate(tmp_path, settings, fmt):
    settings.DIRECTORY_STALE_HIDE_DAYS = 100 * 365  # the files date from 2021–2023: export them all
    reports = import_real_files()
    places = Place.objects.count()
    assert places == sum(r.created for r in reports) > 3900  # 4,136 rows, 173 of them duplicates merged
    problems: list[str] = []
    first = tmp_path / "first"
    structures, services = exporters.export(directory=first, fmt=fmt, problems=problems)
    assert (structures, services) == (places, Service.objects.count()) and problems == []

    if fmt == "json":  # the package's own models accept every row
        for row in _rows(first, "structures", "json").values():
            v1.Structure.model_validate(row)
        for row in _rows(first, "services", "json").values():
            v1.Service.model_validate(row)
        exported = _rows(first, "structures", "json").values()
        networks = [row["reseaux_porteurs"] or [] for row in exported]
        assert sum("france-service" in n for n in networks) >= 2657
        assert sum("conseillers-numeriques" in n for n in networks) >= 398
        fs = [row for row in exported if row["source"] == "france-services"]
        assert {row["date_maj"] for row in fs} == {"2022-12-01"}  # the list's date, not the export day

    Service.objects.all().delete()
    Place.objects.all().delete()
    again = importers.import_file(fmt="data-inclusion", path=first)
    assert again.created == places and not again.rejected and not again.services_rejected
    second = tmp_path / "second"
    exporters.export(directory=second, fmt=fmt)
    for name in ("structures", "services"):
        before, after = _rows(first, name, fmt), _rows(second, name, fmt)
        assert before.keys() == after.keys()
        changed = [key for key in before if before[key] != after[key]]
        assert changed == [], (name, before[changed[0]], after[changed[0]])
