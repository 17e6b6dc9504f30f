"""Reading the official territory files: decoupage-administratif CSVs and INSEE legal populations.

Each reader yields `(line_number, record)` for good rows and records `BadRow`s for the others, so
that one broken line never stops an import. Line numbers are those of the file (header = line 1).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from relais.core.errors import DomainError

REGION_CODE = re.compile(r"^\d{2,3}$")
DEPARTEMENT_CODE = re.compile(r"^(\d{2,3}|2[AB])$")
COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTCODE = re.compile(r"^\d{5}$")

REGION_COLUMNS = ("nom", "code")
DEPARTEMENT_COLUMNS = ("nom", "code", "region_code")
COMMUNE_COLUMNS = ("nom", "code", "codes_postaux", "departement_code", "longitude", "latitude")
POPULATION_COLUMNS = ("DEPCOM", "PMUN")

FILE_NAMES = {
    "regions": "regions_decoupage_administratif.csv",
    "departements": "departements_decoupage_administratif.csv",
    "communes": "communes_decoupage_administratif.csv",
    "populations": "insee_populations_communales_2017.csv",
}


class FileFormatError(DomainError, ValueError):
    """The file cannot be read at all (missing, wrong columns): nothing is imported."""


@dataclass(frozen=True)
class BadRow:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}, ligne {self.line} : {self.message}"


@dataclass
class RegionRow:
    code: str
    name: str


@dataclass
class DepartementRow:
    code: str
    name: str
    region_code: str
    region_name: str = ""


@dataclass
class CommuneRow:
    line: int
    code: str
    name: str
    postcodes: str
    departement_code: str
    departement_name: str
    region_code: str
    region_name: str
    latitude: float | None
    longitude: float | None


@dataclass
class ParsedFile:
    name: str
    rows: list = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileFormatError(f"{path} : fichier illisible ({exc.strerror or exc}).") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older INSEE files are published in Windows-1252.
        return raw.decode("cp1252")


def _reader(path: Path, required: tuple[str, ...]) -> tuple[csv.DictReader, str]:
    text = _read_text(path)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = [c.strip() for c in (reader.fieldnames or [])]
    reader.fieldnames = columns
    missing = [c for c in required if c not in columns]
    if missing:
        raise FileFormatError(
            f"{path.name} : colonnes manquantes {', '.join(missing)} "
            f"(colonnes trouvées : {', '.join(columns) or 'aucune'})."
        )
    return reader, path.name


def _clean(value) -> str:
    return (value or "").strip() if isinstance(value, str) else ""


def _seen_check(seen: dict[str, int], code: str, line: int) -> str | None:
    if code in seen:
        return f"le code {code} apparaît déjà ligne {seen[code]}, ligne ignorée"
    seen[code] = line
    return None


def _rows(reader: csv.DictReader) -> Iterator[tuple[int, dict]]:
    for row in reader:
        yield reader.line_num, row


def read_regions(path: Path) -> ParsedFile:
    reader, name = _reader(path, REGION_COLUMNS)
    parsed = ParsedFile(name)
    seen: dict[str, int] = {}
    for line, row in _rows(reader):
        code, label = _clean(row.get("code")), _clean(row.get("nom"))
        error = None
        if not code:
            error = "code de région manquant"
        elif not REGION_CODE.match(code):
            error = f"code de région invalide « {code} »"
        elif not label:
            error = "nom de région vide"
        else:
            error = _seen_check(seen, code, line)
        if error:
            parsed.bad_rows.append(BadRow(name, line, error))
        else:
            parsed.rows.append(RegionRow(code=code, name=label[:100]))
    return parsed


def read_departements(path: Path) -> ParsedFile:
    reader, name = _reader(path, DEPARTEMENT_COLUMNS)
    parsed = ParsedFile(name)
    seen: dict[str, int] = {}
    for line, row in _rows(reader):
        code, label = _clean(row.get("code")), _clean(row.get("nom"))
        region_code = _clean(row.get("region_code"))
        error = None
        if not code:
            error = "code de département manquant"
        elif not DEPARTEMENT_CODE.match(code):
            error = f"code de département invalide « {code} »"
        elif not label:
            error = "nom de département vide"
        elif not REGION_CODE.match(region_code):
            error = f"code de région invalide « {region_code} »"
        else:
            error = _seen_check(seen, code, line)
        if error:
            parsed.bad_rows.append(BadRow(name, line, error))
        else:
            parsed.rows.append(
                DepartementRow(
                    code=code,
                    name=label[:100],
                    region_code=region_code,
                    region_name=_clean(row.get("region_nom"))[:100],
                )
            )
    return parsed


def _coordinate(value: str, low: float, high: float) -> float:
    number = float(value.replace(",", "."))
    if not low <= number <= high:
        raise ValueError
    return number


def read_communes(path: Path) -> ParsedFile:
    reader, name = _reader(path, COMMUNE_COLUMNS)
    parsed = ParsedFile(name)
    seen: dict[str, int] = {}
    for line, row in _rows(reader):
        code, label = _clean(row.get("code")), _clean(row.get("nom"))
        departement_code = _clean(row.get("departement_code"))
        postcodes = [p for p in re.split(r"[,\s;]+", _clean(row.get("codes_postaux"))) if p]
        error = None
        latitude = longitude = None
        if not code:
            error = "code INSEE manquant"
        elif not COMMUNE_CODE.match(code):
            error = f"code INSEE de commune invalide « {code} »"
        elif not label:
            error = "nom de commune vide"
        elif not DEPARTEMENT_CODE.match(departement_code):
            error = f"code de département invalide « {departement_code} »"
        elif bad := [p for p in postcodes if not POSTCODE.match(p)]:
            error = f"code postal invalide « {bad[0]} »"
        else:
            lat_text, lon_text = _clean(row.get("latitude")), _clean(row.get("longitude"))
            try:
                latitude = _coordinate(lat_text, -90, 90) if lat_text else None
                longitude = _coordinate(lon_text, -180, 180) if lon_text else None
            except ValueError:
                error = f"coordonnées invalides « {lat_text} », « {lon_text} »"
        if not error:
            error = _seen_check(seen, code, line)
        if error:
            parsed.bad_rows.append(BadRow(name, line, error))
            continue
        unique_postcodes = list(dict.fromkeys(postcodes))
        parsed.rows.append(
            CommuneRow(
                line=line,
                code=code,
                name=label[:100],
                postcodes=" ".join(unique_postcodes)[:400],
                departement_code=departement_code,
                departement_name=(_clean(row.get("department_nom")) or _clean(row.get("departement_nom")))[:100],
                region_code=_clean(row.get("region_code")),
                region_name=_clean(row.get("region_nom"))[:100],
                latitude=latitude,
                longitude=longitude,
            )
        )
    return parsed


def read_populations(path: Path) -> ParsedFile:
    """INSEE legal populations: `DEPCOM;COM;PMUN;PCAP;PTOT`; the population kept is PMUN (municipale).

    `rows` holds (code, population) pairs."""
    reader, name = _reader(path, POPULATION_COLUMNS)
    parsed = ParsedFile(name)
    seen: dict[str, int] = {}
    for line, row in _rows(reader):
        code = _clean(row.get("DEPCOM"))
        value = _clean(row.get("PMUN")).replace(" ", "").replace("\u202f", "").replace("\xa0", "")
        error = None
        if not code:
            error = "code INSEE manquant"
        elif not COMMUNE_CODE.match(code):
            error = f"code INSEE de commune invalide « {code} »"
        elif not value.isdigit():
            error = f"population municipale invalide « {value} »"
        else:
            error = _seen_check(seen, code, line)
        if error:
            parsed.bad_rows.append(BadRow(name, line, error))
        else:
            parsed.rows.append((code, int(value)))
    return parsed


# Paris, Lyon and Marseille are one commune each in the reference files but INSEE publishes their
# populations by municipal arrondissement (75101-75120, 69381-69389, 13201-13216).
ARRONDISSEMENTS = {"75056": ("751", 1, 20), "69123": ("6938", 1, 9), "13055": ("132", 1, 16)}


def _arrondissement_parent(code: str) -> str | None:
    for parent, (prefix, first, last) in ARRONDISSEMENTS.items():
        suffix = code[len(prefix) :]
        if code.startswith(prefix) and suffix.isdigit() and first <= int(suffix) <= last and len(code) == 5:
            return parent
    return None


def populations_by_commune(pairs: list[tuple[str, int]]) -> dict[str, int]:
    """code → population; arrondissements of Paris, Lyon and Marseille summed into their commune
    (unless the file also gives the commune itself)."""
    result = dict(pairs)
    totals: dict[str, int] = {}
    for code, population in pairs:
        parent = _arrondissement_parent(code)
        if parent is not None:
            totals[parent] = totals.get(parent, 0) + population
            del result[code]
    for parent, total in totals.items():
        result.setdefault(parent, total)
    return result
