"""What every reader yields (`Record`, `Rejection`), the import `Report`, shared cleaning helpers
and the in-memory commune index."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from relais.directory import hours
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
    services_created: int = 0
    services_updated: int = 0
    services_unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Rejection] = field(default_factory=list)

    @property
    def services_written(self) -> int:
        return self.services_created + self.services_updated + self.services_unchanged

    def lines(self) -> list[str]:
        out = [
            f"Lieux : {self.created} créés, {self.updated} mis à jour, {self.unchanged} inchangés, "
            f"{len(self.rejected)} rejetés.",
            f"Services : {self.services_created} créés, {self.services_updated} mis à jour, "
            f"{self.services_unchanged} inchangés.",
        ]
        out += [f"  rejeté — ligne {r.line} : {r.reason}" for r in self.rejected]
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
        report.warnings.append(Rejection(line, f"horaires ignorés ({exc.position or '?'}) : {text[:60]}"))
        return ""


def _date(value) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


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
        candidates = self.by_postcode.get(postcode or "", [])
        key = normalize(name)
        for cand_name, cand_code in candidates:
            if cand_name == key:
                return cand_code
        if len(candidates) == 1:
            return candidates[0][1]
        return code or ""

    def complete(self, place: dict) -> str | None:
        """Fill commune FK, département, coordinates from the commune; error message when no position."""
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
        else:
            place["commune_id"] = None
            place["departement_code"] = (code[:3] if code.startswith("97") else code[:2]) if code else ""
        lat, lon = place.get("latitude"), place.get("longitude")
        if lat is None or lon is None:
            return "pas de coordonnées et commune inconnue : impossible de placer le lieu"
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
            return f"coordonnées impossibles ({lat}, {lon})"
        return None
