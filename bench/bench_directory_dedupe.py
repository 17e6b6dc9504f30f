"""Import with duplicate detection (issue #12): directory.dedupe_import_rate (services/s, target ≥ 2,000).

Over the directory corpus of bench_directory (150,000 places, so the duplicate index holds them all),
a first source of 10,000 places and 15,000 services is imported, then a second source describing the
same 10,000 places (same names, 10 m away, other ids) with 15,000 services of its own: every one of
its places is recognised as a duplicate and joined to the first source's (PlaceAlias), its services
attached. The figure is the second import's rate. Progress goes to stderr."""

from __future__ import annotations

import json
import sys
import time

from bench.bench_directory import CACHE, _import_file, ensure_corpus, ensure_territory, vacuum

DATABASES = ["sqlite", "postgresql"]
PREFIXES = ["directory.dedupe_import_rate"]


def _second_source(path):
    target = CACHE / "directory_import_15k_duplicates.json"
    if target.exists():
        return target
    data = json.loads(path.read_text())
    for row in data["structures"]:
        row["source"] = "bench-dupes"
        row["id"] = row["id"].replace("bench-import--", "bench-dupes--")
        row["latitude"] += 0.00009  # ~10 m north
    for row in data["services"]:
        row["source"] = "bench-dupes"
        row["id"] = row["id"].replace("bench-import--", "bench-dupes--")
        row["structure_id"] = row["structure_id"].replace("bench-import--", "bench-dupes--")
    target.write_text(json.dumps(data))
    return target


def _clean():
    from relais.directory.models import Place, PlaceAlias, Service

    Service.objects.filter(source__in=["bench-import", "bench-dupes"]).delete()
    PlaceAlias.objects.filter(source="bench-dupes").delete()
    Place.objects.filter(source__in=["bench-import", "bench-dupes"]).delete()


def run(only: str):
    from relais.directory.importers import import_file

    ensure_territory()
    ensure_corpus()
    first = _import_file()
    second = _second_source(first)
    _clean()
    vacuum()
    print("import of the first source…", file=sys.stderr)
    import_file(fmt="data-inclusion", path=first)
    print("import of the second source (all duplicates)…", file=sys.stderr)
    started = time.perf_counter()
    report = import_file(fmt="data-inclusion", path=second)
    elapsed = time.perf_counter() - started
    written = report.services_created + report.services_updated
    yield {
        "bench": "directory.dedupe_import_rate",
        "value": round(written / elapsed),
        "unit": "services/s",
        "services": written,
        "places_merged": report.merged,
        "places_created": report.created,
        "seconds": round(elapsed, 2),
    }
    _clean()
