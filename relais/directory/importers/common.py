"""What every reader yields (`Record`, `Rejection`), the import `Report`, shared cleaning helpers
and the in-memory commune index."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from relais.directory import hours
from relais.territory import arrondissements
from relais.territory.models import Commune
from relais.territory.text import normalize

FORMATS = ["data-inclusion", "lieux-mediation-numerique", "france-services"]
EXTENSION_KEY = "extension_relais"


@dataclass
class Record:
    line: str
    place: dict
    services: list[dict]


@dataclass
class Rejection:
    line: str
    reason: str


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0  # records of another source joined to an existing place (duplicates)
    services_created: int = 0
    services_updated: int = 0
    services_unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)  # structures (places) refused
    services_rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Rejection] = field(default_factory=list)

    @property
    def services_written(self) -> int:
        return self.services_created + self.services_updated + self.services_unchanged

    def lines(self) -> list[str]:
        out = [
            f"Lieux : {self.created} créés, {self.updated} mis à jour, {self.unchanged} inchangés, "
            f"{self.merged} rattachés à un lieu déjà connu (doublons), {len(self.rejected)} rejetés.",
            f"Services : {self.services_created} créés, {self.services_updated} mis à jour, "
            f"{self.services_unchanged} inchangés, {len(self.services_rejected)} rejetés.",
        ]
        out += [f"  lieu rejeté — ligne {r.line} : {r.reason}" for r in self.rejected]
        out += [f"  service rejeté — ligne {r.line} : {r.reason}" for r in self.services_rejected]
        out += [f"  attention — ligne {w.line} : {w.reason}" for w in self.warnings]
        return out


# --- helpers -----------------------------------------------------------------------------------
_PHONE_DIGITS = re.compile(r"\D+")


def phone_e164(raw: str | None) -> str:
    """French numbers to E.164 (+33…); short numbers (3230) and foreign ones kept as digits."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    plus = raw.startswith("+")
    digits = _PHONE_DIGITS.sub("", raw)
    if plus:
        return "+" + digits[:15]
    if len(digits) == 10 and digits.startswith("0"):
        return "+33" + digits[1:]
    if len(digits) == 11 and digits.startswith("33"):
        return "+" + digits
    return digits[:20]


def _clean_hours(text: str | None, line: str, report: Report) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    try:
        return hours.check(text)
    except hours.InvalidHours as exc:
        report.warnings.append(
            Rejection(line, f"horaires non compris ({exc.position or '?'}), gardés en texte : {text[:60]}")
        )
        return ""


def hours_and_note(text: str | None, line: str, report: Report) -> tuple[str, str]:
    """(OSM expression, note): unreadable hours are kept as text for people to read, never dropped."""
    text = (text or "").strip()
    expression = _clean_hours(text, line, report)
    return expression, ("" if expression or not text else text[:300])


_EMAIL_SEPARATORS = re.compile(r"\s+-\s+|[,;/]|\s+(?:ou|et)\s+")


def _email_candidates(raw: str) -> list[str]:
    """The cell, then its parts between separators (« a@b.fr - c@d.fr », « a@b.fr; c@d.fr »), and its
    words only when each holds an @ (« a@b.fr c@d.fr »): « maisondes services@x.fr » is no address."""
    parts = [part.strip() for part in _EMAIL_SEPARATORS.split(raw) if part and part.strip()]
    words = raw.split()
    if len(words) > 1 and all("@" in word for word in words):
        parts += words
    return [raw, *parts]


def clean_email(raw: str | None, line: str, report: Report) -> str:
    """The first valid address of a cell (« a@b.fr - c@d.fr » → a@b.fr), or "" with a warning."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    for candidate in _email_candidates(raw):
        candidate = candidate.strip().strip("<>()[].").lower()
        if not candidate or len(candidate) > 254:
            continue
        try:
            validate_email(candidate)
        except ValidationError:
            continue
        if candidate != raw.lower():
            report.warnings.append(Rejection(line, f"courriel corrigé : « {raw[:80]} » → {candidate}"))
        return candidate
    report.warnings.append(Rejection(line, f"courriel illisible, laissé de côté : {raw[:80]}"))
    return ""


#: dates before this are placeholders (1970-01-01), not real updates (the data·inclusion schema refuses them)
OLDEST_SOURCE_DATE = dt.date(2000, 1, 1)


def _date(value) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def source_date(value, line: str, report: Report) -> dt.date | None:
    """The source's last-update date when it is a real one; placeholders and future dates are left out."""
    day = _date(value)
    if day is None:
        if value:
            report.warnings.append(Rejection(line, f"date de mise à jour illisible, laissée de côté : {value}"))
        return None
    if day < OLDEST_SOURCE_DATE or day > dt.date.today():
        report.warnings.append(Rejection(line, f"date de mise à jour impossible ({day.isoformat()}), laissée de côté"))
        return None
    return day


_FILE_DATE = re.compile(r"(20\d{2})-?(\d{2})-?(\d{2})")


def date_in_file_name(name: str) -> dt.date | None:
    """« liste-fs-20221201.csv » → 2022-12-01: the publication date of a file whose rows carry none."""
    match = _FILE_DATE.search(name or "")
    if not match:
        return None
    try:
        day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return day if OLDEST_SOURCE_DATE <= day <= dt.date.today() else None


#: data·inclusion `reseaux_porteurs` from the labels the sources use
NETWORK_LABELS = {
    "france services": "france-service",
    "france-services": "france-service",
    "cnfs": "conseillers-numeriques",
    "conseiller-numerique": "conseillers-numeriques",
    "conseiller numerique": "conseillers-numeriques",
    "conseillers-numeriques": "conseillers-numeriques",
    "aidants connect": "aidants-connect",
    "aidants-connect": "aidants-connect",
}


def networks_from(*labels) -> list[str]:
    """Known network labels (« CNFS;France Services », a source name) → sorted data·inclusion values."""
    found = set()
    for label in labels:
        for part in re.split(r"[;,|]", str(label or "")):
            value = NETWORK_LABELS.get(normalize(part).strip())
            if value:
                found.add(value)
    return sorted(found)


FAR_FROM_COMMUNE_KM = 20
#: metropolitan communes so large that a place may lie more than 20 km from their centre
LARGE_COMMUNES = {"13004", "13096", "13097", "73290", "64320", "74056", "05023", "38253", "2B049", "2A247"}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _too_far(code: str, place: dict, lat: float, lon: float) -> bool:
    if code.startswith(("97", "98")) or code in LARGE_COMMUNES:
        return False
    return haversine_km(place["latitude"], place["longitude"], lat, lon) > FAR_FROM_COMMUNE_KM


class CommuneIndex:
    """All communes in memory (code → id, lat, lon, département, name), loaded once per import."""

    def __init__(self):
        self.by_code: dict[str, tuple] = {}
        self.by_postcode: dict[str, list[tuple[str, str]]] = {}
        for code, pk, lat, lon, dep, name, search_name, postcodes in Commune.objects.values_list(
            "code", "id", "latitude", "longitude", "departement__code", "name", "search_name", "postcodes"
        ).iterator(chunk_size=5000):
            self.by_code[code] = (pk, lat, lon, dep, name)
            for postcode in (postcodes or "").split():
                self.by_postcode.setdefault(postcode, []).append((search_name, code))

    def find(self, *, code: str = "", postcode: str = "", name: str = "") -> str:
        if code and code in self.by_code:
            return code
        city = arrondissements.city_of_code(code) or arrondissements.city_of_postcode(postcode)
        if city and city in self.by_code:
            return city
        candidates = self.by_postcode.get(postcode or "", [])
        key = normalize(name)
        for cand_name, cand_code in candidates:
            if cand_name == key:
                return cand_code
        if len(candidates) == 1:
            return candidates[0][1]
        return code or ""

    def complete(self, place: dict, line: str = "", report: Report | None = None) -> str | None:
        """Fill commune FK, département, coordinates from the commune; error message when no position.

        Coordinates farther than FAR_FROM_COMMUNE_KM from the commune's centre (overseas and very large
        communes aside) are replaced by that centre, flagged `position_approximate`, with a warning."""
        code = self.find(
            code=place.get("commune_code") or "",
            postcode=place.get("postcode") or "",
            name=place.get("commune_name") or "",
        )
        place["commune_code"] = code
        info = self.by_code.get(code)
        if info:
            pk, lat, lon, dep, name = info
            place["commune_id"] = pk
            place["departement_code"] = dep
            place["commune_name"] = place.get("commune_name") or name
            if place.get("latitude") is None or place.get("longitude") is None:
                place["latitude"], place["longitude"] = lat, lon
            elif lat is not None and lon is not None and _too_far(code, place, lat, lon):
                distance = haversine_km(place["latitude"], place["longitude"], lat, lon)
                if report is not None:
                    report.warnings.append(
                        Rejection(
                            line,
                            f"coordonnées à {distance:.0f} km de {name} : remplacées par le centre de la commune",
                        )
                    )
                place["latitude"], place["longitude"] = lat, lon
                place["position_approximate"] = True
        else:
            place["commune_id"] = None
            place["departement_code"] = (code[:3] if code.startswith("97") else code[:2]) if code else ""
        lat, lon = place.get("latitude"), place.get("longitude")
        if lat is None or lon is None:
            return "pas de coordonnées et commune inconnue : impossible de placer le lieu"
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
            return f"coordonnées impossibles ({lat}, {lon})"
        return None
