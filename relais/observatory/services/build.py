"""`observatory_build`: read the open data, compute the index, the coverage and the flags, store them.

Vectorised: one numpy matrix of indicators, one KD-tree per kind of place (relais.observatory.spatial),
one bulk insert; the previous builds are deleted when the new one is stored (one transaction)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.errors import DomainError
from relais.journal.services import journal_record
from relais.observatory import coverage, geometry, index, indicators, layers, sources
from relais.observatory.flags import flag
from relais.observatory.models import Build, CommuneFigures, DepartementFigures
from relais.observatory.spatial import nearest_km

Progress = Callable[[str, int, int], None]
KEYS = [indicator.key for indicator in indicators.INDICATORS]
NATIONAL_TOLERANCE = 1.1  # px on a 600-px-wide map of France: the page stays small
COMMUNE_TOLERANCE = 0.6


@dataclass(slots=True)
class Row:
    """A commune's figures before the insert: the attribute names of CommuneFigures' columns (a model
    instance per commune cost more than the whole computation)."""

    build_id: int
    code: str
    name: str
    departement_code: str
    population: int | None
    latitude: float | None
    longitude: float | None
    indicators: dict
    axes: dict
    total_index: float | None
    score: float | None
    score_seniors: float | None
    score_young: float | None
    people_at_risk: int | None
    headcounts: dict
    coverage: dict
    iris: int | None
    flagged: bool = False
    reasons: list = field(default_factory=list)
    shape: str = ""


class DataMissing(DomainError):
    def __init__(self, directory: Path, missing: list[str]):
        super().__init__(
            _("Les fichiers de données manquent dans %(dir)s : %(files)s.")
            % {"dir": directory, "files": ", ".join(missing)}
        )


def _quiet(step: str, done: int, total: int) -> None:
    return None


def _raw(value) -> float:
    return value if isinstance(value, float) else np.nan


def _stored(value, rounded: int = 2):
    """A value for the JSON: a number, or the reason it is missing ("secret" / "absent")."""
    if isinstance(value, sources.Missing):
        return str(value)
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return sources.ABSENT
    return round(float(value), rounded)


def _read(directory: Path, progress: Progress) -> dict:
    missing = [name for name in sources.required_files() if not (directory / name).exists()]
    if missing:
        raise DataMissing(directory, missing)
    steps = ["communes", "populations", "census", "filosofi", "broadband", "france_services", "iris"]
    readers = [
        sources.communes,
        sources.populations,
        sources.census_rates,
        sources.filosofi,
        sources.broadband,
        sources.france_services,
        sources.iris_counts,
    ]
    data = {}
    for number, (step, reader) in enumerate(zip(steps, readers, strict=True)):
        progress(_("lecture des fichiers"), number, len(steps))
        data[step] = reader(directory)
    progress(_("lecture des fichiers"), len(steps), len(steps))
    return data


def _matrix(communes: list[dict], data: dict, fs_km: np.ndarray) -> tuple[np.ndarray, list[dict]]:
    """(n × k) values with NaN for missing, and the stored form ({key: value or reason}) of each commune."""
    raw_rows, stored_rows = [], []
    for position, commune in enumerate(communes):
        code = commune["code"]
        census = data["census"].get(code, {})
        filosofi = data["filosofi"].get(code, {})
        values = {
            "no_broadband": data["broadband"].get(code, sources.Missing(sources.ABSENT)),
            "fs_distance": float(fs_km[position]) if not np.isnan(fs_km[position]) else sources.Missing(sources.ABSENT),
            "poverty": filosofi.get("poverty", sources.Missing(sources.ABSENT)),
            "poverty_seniors": filosofi.get("poverty_seniors", sources.Missing(sources.ABSENT)),
            "poverty_young": filosofi.get("poverty_young", sources.Missing(sources.ABSENT)),
        }
        for key in ("seniors", "low_diploma", "young", "single_person", "single_parent", "unemployment"):
            values[key] = census.get(key, sources.Missing(sources.ABSENT))
        raw_rows.append([_raw(values[key]) for key in KEYS])
        stored_rows.append({key: _stored(values[key]) for key in KEYS})
    return np.array(raw_rows, dtype=float).reshape(len(communes), len(KEYS)), stored_rows


def _headcounts(population, values: dict, households_people) -> tuple[dict, int | None]:
    """LabAccès-style headcounts and the estimate: the largest of them (they overlap; « au moins »)."""
    if not population:
        return {}, None
    counts = {}
    for key in indicators.HEADCOUNTS:
        value = values.get(key)
        if not isinstance(value, float):
            continue
        base = households_people if key == "poverty" and isinstance(households_people, float) else population
        counts[key] = int(round(base * value / 100))
    return counts, (max(counts.values()) if counts else None)


def _number(value):
    return None if value is None or np.isnan(value) else round(float(value), 1)


def _plain(value: float) -> float | None:
    """An already rounded Python float, or None for NaN."""
    return None if math.isnan(value) else value


def _coverage_rows(communes, population, latitudes, longitudes, offer, progress, fs_km) -> list[dict]:
    progress(_("distances aux lieux"), 0, 1)
    nearest = coverage.nearest_by_kind(offer, latitudes, longitudes)
    # France services: those of the directory and those of the national list, whichever is nearer
    nearest["france_services"] = np.fmin(nearest["france_services"], fs_km)
    nearest = {k: np.round(v, 1).tolist() for k, v in nearest.items()}
    counts = coverage.per_commune(offer)
    populations = population.tolist()
    empty = {"places": 0, "hours": 0.0, "hours_unknown": 0}
    rows = []
    for position, commune in enumerate(communes):
        entry = {f"{kind}_km": _plain(nearest[kind][position]) for kind in coverage.KINDS}
        entry["digital_saturday_km"] = _plain(nearest["digital_saturday"][position])
        local = counts.get(commune["code"], empty)
        entry["places"] = local["places"]
        entry["hours_week"] = round(local["hours"], 1)
        pop = populations[position]
        if not math.isnan(pop) and pop > 0:
            entry["places_per_10k"] = round(local["places"] * 10_000 / pop, 2)
            entry["hours_per_10k"] = round(local["hours"] * 10_000 / pop, 1)
        rows.append(entry)
    progress(_("distances aux lieux"), 1, 1)
    return rows


def _departements(communes, figures: list[Row], raw: np.ndarray, population, weights, build):  # noqa: PLR0914
    """Département figures: population-weighted rates of their communes, indexed against the national ones."""
    codes = sorted({c["departement_code"] for c in communes})
    position = {code: n for n, code in enumerate(codes)}
    names = {c["departement_code"]: c["departement_name"] for c in communes}
    members = np.array([position[c["departement_code"]] for c in communes])
    matrix = np.full((len(codes), len(KEYS)), np.nan)
    pop = np.nan_to_num(population)
    dep_population = np.bincount(members, weights=pop, minlength=len(codes))
    for column in range(len(KEYS)):
        known = ~np.isnan(raw[:, column]) & (pop > 0)
        weight = np.bincount(members[known], weights=pop[known], minlength=len(codes))
        total = np.bincount(members[known], weights=raw[known, column] * pop[known], minlength=len(codes))
        with np.errstate(invalid="ignore", divide="ignore"):
            matrix[:, column] = np.where(weight > 0, total / weight, np.nan)
    computed = index.compute(matrix, dep_population, weights)
    grouped: dict[str, list[Row]] = {}
    for figure in figures:
        grouped.setdefault(figure.departement_code, []).append(figure)
    rows = []
    for code in codes:
        n = position[code]
        own = grouped.get(code, [])
        fs = [(f.coverage.get("france_services_km"), f.population) for f in own]
        fs = [(km, p) for km, p in fs if km is not None and p]
        rows.append(
            DepartementFigures(
                build=build,
                code=code,
                name=names[code],
                population=int(dep_population[n]) or None,
                communes=len(own),
                indicators={key: _stored(matrix[n, k]) for k, key in enumerate(KEYS)},
                total_index=_number(computed["variants"]["all"]["total"][n]),
                score=_number(computed["variants"]["all"]["score"][n]),
                score_seniors=_number(computed["variants"].get("seniors", {}).get("score", [np.nan] * len(codes))[n]),
                score_young=_number(computed["variants"].get("young", {}).get("score", [np.nan] * len(codes))[n]),
                people_at_risk=sum(f.people_at_risk or 0 for f in own) or None,
                flagged_communes=sum(1 for f in own if f.flagged),
                coverage={
                    "places": sum(f.coverage.get("places", 0) for f in own),
                    "france_services_km": round(sum(km * p for km, p in fs) / sum(p for _, p in fs), 1) if fs else None,
                },
            )
        )
    return rows


def _shapes(data_dir: Path | None, build: Build, departements: list[DepartementFigures], figures, progress) -> None:
    """SVG paths: départements in the national frame, communes in their département's frame (where a
    boundary file exists: DIR/geo, else the vendored ones)."""
    national = geometry.boundary_file(data_dir, geometry.NATIONAL_FILE)
    if national is not None:
        features = geometry.load_features(national)
        paths, frame = geometry.shapes(features, tolerance=NATIONAL_TOLERANCE)
        build.frames["national"] = frame.as_dict()
        known = {d.code for d in departements}
        # the départements outside the data still drawn, « pas de donnée » (a demo built on one département)
        departements.extend(
            DepartementFigures(build=build, code=str(f["properties"]["code"]), name=f["properties"]["nom"])
            for f in features
            if str(f["properties"]["code"]) not in known
        )
        for departement in departements:
            departement.shape = paths.get(departement.code, "")
    by_code = {f.code: f for f in figures}
    files = geometry.commune_files(data_dir)
    for number, (code, path) in enumerate(sorted(files.items())):
        progress(_("contours des communes"), number, len(files))
        paths, frame = geometry.shapes(geometry.load_features(path), tolerance=COMMUNE_TOLERANCE)
        build.frames[code] = frame.as_dict()
        for commune_code, path_text in paths.items():
            if commune_code in by_code:
                by_code[commune_code].shape = path_text
    progress(_("contours des communes"), len(files), len(files))


def _insert(model, objects, batch: int = 2000) -> None:
    """A plain multi-row INSERT (executemany): bulk_create's per-value preparation took most of the build's
    time for 35,000 rows. Values are already of the column's type; JSON through the backend's own adapter."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = [
        tuple(
            connection.ops.adapt_json_value(getattr(o, f.attname), None)
            if f.attname in json_fields
            else getattr(o, f.attname)
            for f in fields
        )
        for o in objects
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, rows[start : start + batch])


def _layers(figures: list[Row], now) -> None:
    codes = [f.code for f in figures]
    populations = {f.code: f.population for f in figures}
    by_code = {f.code: f for f in figures}
    for layer in layers.LAYERS:
        for code, value in layer.compute(codes, populations, now).items():
            if code in by_code:
                by_code[code].coverage[layer.key] = value


@transaction.atomic
def observatory_build(*, data_dir: Path, actor=None, progress: Progress = _quiet, now=None) -> Build:
    """Recompute everything from the files of `data_dir` and the directory; returns the stored build."""
    started = time.perf_counter()
    now = now or timezone.now()
    data_dir = Path(data_dir)
    data = _read(data_dir, progress)
    communes = data["communes"]
    weights = indicators.weights()
    latitudes = np.array([c["latitude"] if c["latitude"] is not None else np.nan for c in communes])
    longitudes = np.array([c["longitude"] if c["longitude"] is not None else np.nan for c in communes])
    population = np.array([data["populations"].get(c["code"], np.nan) for c in communes], dtype=float)
    progress(_("calcul de l'indice"), 0, 1)
    fs = data["france_services"]
    fs_km, _which = nearest_km(latitudes, longitudes, [p[0] for p in fs], [p[1] for p in fs])
    raw, stored = _matrix(communes, data, fs_km)
    computed = index.compute(raw, population, weights)
    progress(_("calcul de l'indice"), 1, 1)
    offer = coverage.offer()
    coverage_rows = _coverage_rows(communes, population, latitudes, longitudes, offer, progress, fs_km)
    build = Build.objects.create(
        started_at=now,
        data_dir=str(data_dir),
        weights=weights,
        sources={i.key: {**i.source.as_dict(), "unit": i.unit} for i in indicators.INDICATORS},
        communes=len(communes),
        places=len(offer),
    )
    variants = computed["variants"]
    # Python lists, not numpy scalars, in the per-commune loop (35,000 × a dozen values)
    index_rows = np.round(computed["index"], 1).tolist()
    axes = {axis: np.round(values, 1).tolist() for axis, values in variants["all"]["axes"].items()}
    columns = {
        name: np.round(variants[variant][kind], 1).tolist() if variant in variants else [math.nan] * len(communes)
        for name, variant, kind in (
            ("total", "all", "total"),
            ("score", "all", "score"),
            ("seniors", "seniors", "score"),
            ("young", "young", "score"),
        )
    }
    populations = population.tolist()
    figures = []
    for n, commune in enumerate(communes):
        code = commune["code"]
        pop = None if math.isnan(populations[n]) else int(populations[n])
        filosofi = data["filosofi"].get(code, {})
        census = data["census"].get(code, {})
        shares = {"seniors": census.get("seniors"), "low_diploma": census.get("low_diploma")}
        shares.update(poverty=filosofi.get("poverty"), no_broadband=data["broadband"].get(code))
        counts, estimate = _headcounts(pop, shares, filosofi.get("households_people"))
        figures.append(
            Row(
                build_id=build.pk,
                code=code,
                name=commune["name"],
                departement_code=commune["departement_code"],
                population=pop,
                latitude=commune["latitude"],
                longitude=commune["longitude"],
                indicators={
                    "values": stored[n],
                    "index": {k: v for k, v in zip(KEYS, index_rows[n], strict=True) if not math.isnan(v)},
                },
                axes={axis: _plain(values[n]) for axis, values in axes.items()},
                total_index=_plain(columns["total"][n]),
                score=_plain(columns["score"][n]),
                score_seniors=_plain(columns["seniors"][n]),
                score_young=_plain(columns["young"][n]),
                people_at_risk=estimate,
                headcounts=counts,
                coverage=coverage_rows[n],
                iris=data["iris"].get(code),
            )
        )
    _layers(figures, now)
    for figure in figures:
        figure.flagged, figure.reasons = flag(figure.score, figure.coverage, figure.population)
    departements = _departements(communes, figures, raw, population, weights, build)
    _shapes(data_dir, build, departements, figures, progress)
    progress(_("enregistrement"), 0, 1)
    _insert(CommuneFigures, figures)
    _insert(DepartementFigures, departements)
    Build.objects.exclude(pk=build.pk).delete()
    build.finished_at = timezone.now()
    build.seconds = round(time.perf_counter() - started, 2)
    build.save(update_fields=["finished_at", "seconds", "frames"])
    progress(_("enregistrement"), 1, 1)
    journal_record(
        action="observatory.build",
        actor=actor,
        obj=build,
        details={"communes": build.communes, "places": build.places, "seconds": build.seconds},
    )
    return build
