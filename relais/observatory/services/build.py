"""`observatory_build`: read the open data, compute the index, the coverage and the flags, store them.

Vectorised: one numpy matrix of indicators, one KD-tree per kind of place (relais.observatory.spatial),
one bulk insert; the previous builds are deleted when the new one is stored (one transaction)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from django.db import transaction
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


def _coverage_rows(communes, population, latitudes, longitudes, offer, progress) -> list[dict]:
    progress(_("distances aux lieux"), 0, 1)
    nearest = coverage.nearest_by_kind(offer, latitudes, longitudes)
    counts = coverage.per_commune(offer)
    rows = []
    for position, commune in enumerate(communes):
        entry = {f"{kind}_km": _number(nearest[kind][position]) for kind in coverage.KINDS}
        entry["digital_saturday_km"] = _number(nearest["digital_saturday"][position])
        local = counts.get(commune["code"], {"places": 0, "hours": 0.0, "hours_unknown": 0})
        entry["places"] = local["places"]
        entry["hours_week"] = round(local["hours"], 1)
        pop = population[position]
        if pop and not np.isnan(pop) and pop > 0:
            entry["places_per_10k"] = round(local["places"] * 10_000 / pop, 2)
            entry["hours_per_10k"] = round(local["hours"] * 10_000 / pop, 1)
        rows.append(entry)
    progress(_("distances aux lieux"), 1, 1)
    return rows


def _departements(communes, figures: list[CommuneFigures], raw: np.ndarray, population, weights, build):  # noqa: PLR0914
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
    grouped: dict[str, list[CommuneFigures]] = {}
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


def _layers(figures: list[CommuneFigures], now) -> None:
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
    coverage_rows = _coverage_rows(communes, population, latitudes, longitudes, offer, progress)
    build = Build.objects.create(
        started_at=now,
        data_dir=str(data_dir),
        weights=weights,
        sources={i.key: {**i.source.as_dict(), "unit": i.unit} for i in indicators.INDICATORS},
        communes=len(communes),
        places=len(offer),
    )
    variants = computed["variants"]
    figures = []
    for n, commune in enumerate(communes):
        pop = None if np.isnan(population[n]) else int(population[n])
        filosofi = data["filosofi"].get(commune["code"], {})
        counts, estimate = _headcounts(
            pop,
            {
                **data["census"].get(commune["code"], {}),
                **filosofi,
                "no_broadband": data["broadband"].get(commune["code"]),
            },
            filosofi.get("households_people"),
        )
        figures.append(
            CommuneFigures(
                build=build,
                code=commune["code"],
                name=commune["name"],
                departement_code=commune["departement_code"],
                population=pop,
                latitude=commune["latitude"],
                longitude=commune["longitude"],
                indicators={
                    "values": stored[n],
                    "index": {
                        k: _number(computed["index"][n, j])
                        for j, k in enumerate(KEYS)
                        if not np.isnan(computed["index"][n, j])
                    },
                },
                axes={axis: _number(values[n]) for axis, values in variants["all"]["axes"].items()},
                total_index=_number(variants["all"]["total"][n]),
                score=_number(variants["all"]["score"][n]),
                score_seniors=_number(variants["seniors"]["score"][n]) if "seniors" in variants else None,
                score_young=_number(variants["young"]["score"][n]) if "young" in variants else None,
                people_at_risk=estimate,
                headcounts=counts,
                coverage=coverage_rows[n],
                iris=data["iris"].get(commune["code"]),
            )
        )
    _layers(figures, now)
    for figure in figures:
        figure.flagged, figure.reasons = flag(figure.score, figure.coverage, figure.population)
    departements = _departements(communes, figures, raw, population, weights, build)
    _shapes(data_dir, build, departements, figures, progress)
    progress(_("enregistrement"), 0, 1)
    CommuneFigures.objects.bulk_create(figures, batch_size=2000)
    DepartementFigures.objects.bulk_create(departements, batch_size=500)
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
