"""Reading the real open-data files of `--data DIR` (docs/adr/0019; provenance in the data README).

Every reader returns {commune code: value}; a secret (`s`), unavailable (`nd`) or empty cell gives
`None` (kept apart from 0 everywhere: a missing value is never counted as a zero)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from relais.territory.arrondissements import city_of_code

SECRET = "secret"
ABSENT = "absent"


class Missing(str):
    """Why a value is None: SECRET (« secret statistique ») or ABSENT (« donnée manquante »)."""


@dataclass(frozen=True)
class Source:
    file: str
    label: str
    year: int

    def as_dict(self) -> dict:
        return {"file": self.file, "label": self.label, "year": self.year}


COMMUNES = Source("communes_decoupage_administratif.csv", "Découpage administratif (geo.api.gouv.fr)", 2023)
POPULATION = Source("insee_populations_communales_2017.csv", "INSEE, populations légales", 2017)
FILOSOFI = Source("insee_filosofi_2021_communes.csv", "INSEE, Filosofi", 2021)
CENSUS = Source("ifn_rp2017_rates_communes.csv", "INSEE, recensement de la population", 2017)
ARCEP = Source("arcep_commune_debit_beta_2019.csv", "ARCEP, Ma connexion internet", 2019)
FRANCE_SERVICES = Source("france_services_20221201.csv", "ANCT, liste des France services", 2022)
IRIS = Source("iris_commune_epci_table.csv", "INSEE, table des IRIS", 2020)


def number(text: str | None) -> float | Missing | None:
    """'12,5' → 12.5; 's' → Missing(SECRET); 'nd', '' → Missing(ABSENT). (Called ~650,000 times a build.)"""
    if text:
        try:
            return float(text.replace(",", "."))
        except ValueError:
            pass
        text = text.strip().lower()
        if text == "s":
            return Missing(SECRET)
        try:
            return float(text) if text not in {"nan", "na", "nd", "inf", "-inf", "infinity"} else Missing(ABSENT)
        except ValueError:
            return Missing(ABSENT)
    return Missing(ABSENT)


def _rows(path: Path, *, delimiter: str, skip: int = 0):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for _ in range(skip):
            handle.readline()
        yield from csv.DictReader(handle, delimiter=delimiter)


def communes(directory: Path) -> list[dict]:
    """[{code, name, departement_code, departement_name, latitude, longitude}] (34,945 in the real file)."""
    out = []
    for row in _rows(directory / COMMUNES.file, delimiter=","):
        lat, lon = number(row["latitude"]), number(row["longitude"])
        out.append(
            {
                "code": row["code"],
                "name": row["nom"],
                "departement_code": row["departement_code"],
                "departement_name": row["department_nom"],
                "latitude": lat if isinstance(lat, float) else None,
                "longitude": lon if isinstance(lon, float) else None,
            }
        )
    return out


def populations(directory: Path) -> dict[str, int]:
    """Municipal population; Paris, Lyon and Marseille (listed by arrondissement in the 2017 file) summed."""
    out: dict[str, int] = {}
    for row in _rows(directory / POPULATION.file, delimiter=";"):
        value = number(row["PMUN"])
        if isinstance(value, float):
            code = city_of_code(row["DEPCOM"]) or row["DEPCOM"]
            out[code] = out.get(code, 0) + int(value)
    return out


def census_rates(directory: Path) -> dict[str, dict[str, float | Missing]]:
    """RP 2017 rates in %, by commune (the file repeats some codes: the first row is kept)."""
    columns = {
        "low_diploma": "TX_NSCOL15P",
        "single_person": "TX_MENSEUL",
        "single_parent": "TX_FAMMONO",
        "seniors": "TX_65ETPLUS",
        "young": "TX_25ETMOINS",
        "unemployment": "TX_DEMANDEUR_EMPLOIS",
    }
    out: dict[str, dict] = {}
    for row in _rows(directory / CENSUS.file, delimiter=","):
        out.setdefault(row["CODE_INSEE"], {key: number(row[column]) for key, column in columns.items()})
    return out


def filosofi(directory: Path) -> dict[str, dict[str, float | Missing]]:
    """Filosofi 2021: poverty rates (threshold 60 %) in %, all ages, under 30, 60-74 and 75+; people in households."""
    out = {}
    for row in _rows(directory / FILOSOFI.file, delimiter=";"):
        seniors = [number(row["TP60AGE521"]), number(row["TP60AGE621"])]
        known = [v for v in seniors if isinstance(v, float)]
        out[row["CODGEO"]] = {
            "poverty": number(row["TP6021"]),
            "poverty_young": number(row["TP60AGE121"]),
            "poverty_seniors": sum(known) / len(known) if known else seniors[0],
            "households_people": number(row["NBPERSMENFISC21"]),
        }
    return out


def broadband(directory: Path) -> dict[str, float | Missing]:
    """Share (%) of premises NOT eligible to very-high-speed broadband (≥ 30 Mbit/s), ARCEP 2019."""
    out = {}
    for row in _rows(directory / ARCEP.file, delimiter=";", skip=1):
        total = number(row["nbr"])
        parts = [number(row[c]) for c in ("elig_thd30", "elig_thd100", "elig_thd1g")]
        if not isinstance(total, float) or total <= 0 or not all(isinstance(p, float) for p in parts):
            out[row["code_insee"]] = Missing(ABSENT)
            continue
        out[row["code_insee"]] = max(0.0, 100.0 * (1 - sum(parts) / total))
    return out


def france_services(directory: Path) -> list[tuple[float, float, str]]:
    """(latitude, longitude, name) of the France services of the 2022 list that have coordinates."""
    out = []
    for row in _rows(directory / FRANCE_SERVICES.file, delimiter=","):
        lat, lon = number(row["latitude"]), number(row["longitude"])
        if isinstance(lat, float) and isinstance(lon, float) and -90 <= lat <= 90:
            out.append((lat, lon, row["lib_fs"]))
    return out


def iris_counts(directory: Path) -> dict[str, int]:
    """Number of IRIS of each commune (the files hold no indicator at IRIS level)."""
    out: dict[str, int] = {}
    path = directory / IRIS.file
    if not path.exists():
        return out
    for row in _rows(path, delimiter=","):
        out[row["CODE_INSEE"]] = out.get(row["CODE_INSEE"], 0) + 1
    return out


def geojson(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def required_files() -> list[str]:
    return [s.file for s in (COMMUNES, POPULATION, FILOSOFI, CENSUS, ARCEP, FRANCE_SERVICES)]
