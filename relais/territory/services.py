"""Writes of the territory domain: importing the official reference files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from relais.territory import importing
from relais.territory.importing import BadRow, FileFormatError
from relais.territory.models import Commune, Departement, Region
from relais.territory.text import normalize

BATCH_SIZE = 1000

Progress = Callable[[str, int, int], None]
"""progress(stage label, done, total)."""


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} créé(s), {self.updated} mis à jour, {self.unchanged} inchangé(s)"


@dataclass
class ImportReport:
    regions: Counts | None = None
    departements: Counts | None = None
    communes: Counts | None = None
    populations: Counts | None = None  # only when populations are imported without communes
    populations_joined: int = 0  # communes of the database given a population by the file
    populations_without_commune: int = 0  # population codes matching no commune (merged communes…)
    bad_rows: list[BadRow] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(
            c.created + c.updated for c in (self.regions, self.departements, self.communes, self.populations) if c
        )


def _noop(stage: str, done: int, total: int) -> None:
    return None


def _chunks(items: list, size: int = BATCH_SIZE):
    for start in range(0, len(items), size):
        yield start, items[start : start + size]


def _write(model, *, to_create: list, to_update: list, fields: list[str], label: str, progress: Progress) -> None:
    total = len(to_create) + len(to_update)
    done = 0
    if total:
        progress(label, 0, total)
    for _, chunk in _chunks(to_create):
        model.objects.bulk_create(chunk, batch_size=BATCH_SIZE)
        done += len(chunk)
        progress(label, done, total)
    for _, chunk in _chunks(to_update, 500):
        model.objects.bulk_update(chunk, fields, batch_size=500)
        done += len(chunk)
        progress(label, done, total)


def _upsert_regions(rows: list[importing.RegionRow], progress: Progress) -> Counts:
    counts = Counts()
    existing = {r.code: r for r in Region.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        region = existing.get(row.code)
        if region is None:
            region = Region(code=row.code, name=row.name)
            existing[row.code] = region
            to_create.append(region)
            counts.created += 1
        elif region.name != row.name:
            region.name = row.name
            to_update.append(region)
            counts.updated += 1
        else:
            counts.unchanged += 1
    _write(Region, to_create=to_create, to_update=to_update, fields=["name"], label="Régions", progress=progress)
    return counts


def _ensure_regions(wanted: dict[str, str]) -> dict[str, int]:
    """code → id of every region, creating those referenced by a file but absent (named as given)."""
    ids = dict(Region.objects.values_list("code", "id"))
    missing = [Region(code=code, name=name or code) for code, name in wanted.items() if code not in ids]
    if missing:
        Region.objects.bulk_create(missing)
        ids = dict(Region.objects.values_list("code", "id"))
    return ids


def _upsert_departements(rows: list[importing.DepartementRow], progress: Progress) -> Counts:
    counts = Counts()
    region_ids = _ensure_regions({r.region_code: r.region_name for r in rows})
    existing = {d.code: d for d in Departement.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        region_id = region_ids[row.region_code]
        departement = existing.get(row.code)
        if departement is None:
            to_create.append(Departement(code=row.code, name=row.name, region_id=region_id))
            counts.created += 1
        elif (departement.name, departement.region_id) != (row.name, region_id):
            departement.name, departement.region_id = row.name, region_id
            to_update.append(departement)
            counts.updated += 1
        else:
            counts.unchanged += 1
    _write(
        Departement,
        to_create=to_create,
        to_update=to_update,
        fields=["name", "region"],
        label="Départements",
        progress=progress,
    )
    return counts


def _departements_for(rows: list[importing.CommuneRow], bad_rows: list[BadRow], file_name: str):
    """code → id of départements, creating from the commune rows those the database lacks (the
    communes file names them and their région). Rows whose département cannot be made are bad."""
    ids = dict(Departement.objects.values_list("code", "id"))
    wanted: dict[str, tuple[str, str, str]] = {}
    for row in rows:
        if row.departement_code not in ids and row.departement_name and importing.REGION_CODE.match(row.region_code):
            wanted.setdefault(row.departement_code, (row.departement_name, row.region_code, row.region_name))
    if wanted:
        region_ids = _ensure_regions({region_code: region_name for _, region_code, region_name in wanted.values()})
        Departement.objects.bulk_create(
            [
                Departement(code=code, name=name, region_id=region_ids[region_code])
                for code, (name, region_code, _) in wanted.items()
            ]
        )
        ids = dict(Departement.objects.values_list("code", "id"))
    kept = []
    for row in rows:
        if row.departement_code in ids:
            kept.append(row)
        else:
            bad_rows.append(
                BadRow(
                    file_name,
                    row.line,
                    f"département « {row.departement_code} » inconnu (importez d'abord les départements)",
                )
            )
    return ids, kept


def _commune_values(commune: Commune) -> tuple:
    return (
        commune.name,
        commune.search_name,
        commune.postcodes,
        commune.departement_id,
        commune.latitude,
        commune.longitude,
    )


def _upsert_communes(
    parsed: importing.ParsedFile, populations: dict[str, int] | None, progress: Progress, bad_rows: list[BadRow]
) -> Counts:
    counts = Counts()
    departement_ids, rows = _departements_for(parsed.rows, bad_rows, parsed.name)
    existing = {
        c.code: c
        for c in Commune.objects.all().only(
            "id", "code", "name", "search_name", "postcodes", "departement_id", "latitude", "longitude", "population"
        )
    }
    fields = ["name", "search_name", "postcodes", "departement", "latitude", "longitude"]
    if populations is not None:
        fields.append("population")
    to_create, to_update = [], []
    total = len(rows)
    for index, row in enumerate(rows, start=1):
        wanted = Commune(
            code=row.code,
            name=row.name,
            search_name=normalize(row.name)[:100],
            postcodes=row.postcodes,
            departement_id=departement_ids[row.departement_code],
            latitude=row.latitude,
            longitude=row.longitude,
            population=0,
        )
        commune = existing.get(row.code)
        if populations is not None:
            wanted.population = populations.get(row.code, commune.population if commune else 0)
        if commune is None:
            to_create.append(wanted)
            counts.created += 1
        elif _commune_values(commune) != _commune_values(wanted) or (
            populations is not None and commune.population != wanted.population
        ):
            wanted.pk = commune.pk
            to_update.append(wanted)
            counts.updated += 1
        else:
            counts.unchanged += 1
        if index % 5000 == 0:
            progress("Communes (lecture)", index, total)
    progress("Communes (lecture)", total, total)
    _write(Commune, to_create=to_create, to_update=to_update, fields=fields, label="Communes", progress=progress)
    return counts


def _update_populations(populations: dict[str, int], progress: Progress) -> Counts:
    counts = Counts()
    existing = {
        code: (pk, population) for pk, code, population in Commune.objects.values_list("pk", "code", "population")
    }
    to_update = []
    for code, population in populations.items():
        found = existing.get(code)
        if found is None:
            continue
        if found[1] == population:
            counts.unchanged += 1
        else:
            to_update.append(Commune(pk=found[0], population=population))
            counts.updated += 1
    _write(Commune, to_create=[], to_update=to_update, fields=["population"], label="Populations", progress=progress)
    return counts


@transaction.atomic
def territory_import(
    *,
    regions: Path | None = None,
    departements: Path | None = None,
    communes: Path | None = None,
    populations: Path | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Upsert the reference files by INSEE code (any subset of them, in dependency order).

    Idempotent: a second run with the same files changes nothing and reports everything
    unchanged. Bad rows are collected in the report with their line numbers and skipped;
    a file that cannot be read at all (missing, wrong columns) raises `FileFormatError`
    before anything is written. Nothing is deleted (other data points at communes)."""
    progress = progress or _noop
    report = ImportReport()
    # Read (and check) every file first, so that a wrong file changes nothing.
    parsed_regions = importing.read_regions(Path(regions)) if regions else None
    parsed_departements = importing.read_departements(Path(departements)) if departements else None
    parsed_communes = importing.read_communes(Path(communes)) if communes else None
    parsed_populations = importing.read_populations(Path(populations)) if populations else None
    for parsed in (parsed_regions, parsed_departements, parsed_communes, parsed_populations):
        if parsed is not None:
            report.bad_rows.extend(parsed.bad_rows)
    population_map = importing.populations_by_commune(parsed_populations.rows) if parsed_populations else None

    if parsed_regions:
        report.regions = _upsert_regions(parsed_regions.rows, progress)
    if parsed_departements:
        report.departements = _upsert_departements(parsed_departements.rows, progress)
    if parsed_communes:
        report.communes = _upsert_communes(parsed_communes, population_map, progress, report.bad_rows)
    if population_map is not None:
        if not parsed_communes:
            report.populations = _update_populations(population_map, progress)
        codes = set(Commune.objects.values_list("code", flat=True))
        report.populations_joined = sum(1 for code in population_map if code in codes)
        report.populations_without_commune = len(population_map) - report.populations_joined
    return report


__all__ = ["FileFormatError", "ImportReport", "territory_import"]
