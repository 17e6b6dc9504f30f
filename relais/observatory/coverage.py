"""The local offer of help, from the directory: kinds of places, open hours per week, nearest of each kind.

Kinds (a place may be several): France services (network `france-service`, an organisation of that kind or
the name), digital help (category `numerique`), food aid (`equipement-et-alimentation--alimentation`) and
hygiene (`hygiene`). Open hours: the place's OpenStreetMap hours over a reference week without public
holidays (opening-hours-py), cached per distinct expression."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from django.utils.translation import gettext_lazy as _

from relais.directory.hours import PARIS, InvalidHours, parse
from relais.directory.models import Place, Service
from relais.observatory.spatial import nearest_km
from relais.organisations.models import OrganisationKind

KINDS = {
    "france_services": _("France services"),
    "digital": _("aide numérique"),
    "food": _("aide alimentaire"),
    "hygiene": _("hygiène"),
}
REFERENCE_MONDAY = dt.date(2025, 1, 13)  # a week of January 2025 without any public holiday


@dataclass
class Offer:
    ids: list[int] = field(default_factory=list)
    latitudes: list[float] = field(default_factory=list)
    longitudes: list[float] = field(default_factory=list)
    commune_codes: list[str] = field(default_factory=list)
    kinds: list[set[str]] = field(default_factory=list)
    hours: list[float | None] = field(default_factory=list)
    saturday: list[bool] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)


@lru_cache(maxsize=8192)
def week_hours(expression: str) -> tuple[float | None, bool]:
    """(open hours in the reference week, open on Saturday); (None, False) when unknown or unreadable."""
    if not expression:
        return None, False
    try:
        oh = parse(expression)
    except InvalidHours:
        return None, False
    begin = dt.datetime.combine(REFERENCE_MONDAY, dt.time(0), tzinfo=PARIS).replace(tzinfo=None)
    end = begin + dt.timedelta(days=7)
    total, saturday = 0.0, False
    for start, stop, state, _comment in oh.intervals(begin, end):
        if "open" not in str(state).lower():
            continue
        start, stop = start.replace(tzinfo=None), stop.replace(tzinfo=None)
        total += (min(stop, end) - max(start, begin)).total_seconds() / 3600
        saturday = saturday or start.weekday() == 5 or (stop - dt.timedelta(seconds=1)).weekday() == 5
    return round(total, 1), saturday


def _kinds(themes: set[str], networks: list, organisation_kind: str | None, name: str) -> set[str]:
    kinds = set()
    if "france-service" in (networks or []) or organisation_kind == OrganisationKind.FRANCE_SERVICES:
        kinds.add("france_services")
    elif name.lower().startswith(("france services", "france service ")):
        kinds.add("france_services")
    if any(t == "numerique" or t.startswith("numerique--") for t in themes):
        kinds.add("digital")
    if any(t.startswith("equipement-et-alimentation--alimentation") for t in themes):
        kinds.add("food")
    if any(t == "hygiene" or t.startswith("hygiene--") for t in themes):
        kinds.add("hygiene")
    return kinds


def offer() -> Offer:
    """Every published place with a position, its kinds, hours and Saturday opening (two queries)."""
    themes: dict[int, set[str]] = {}
    for place_id, thematiques in Service.objects.filter(is_published=True).values_list("place_id", "thematiques"):
        themes.setdefault(place_id, set()).update(thematiques or [])
    result = Offer()
    rows = (
        Place.objects.published()
        .exclude(latitude=None)
        .exclude(longitude=None)
        .values_list("id", "latitude", "longitude", "commune_code", "networks", "organisation__kind", "name", "hours")
    )
    for pk, lat, lon, commune_code, networks, organisation_kind, name, hours in rows.iterator(chunk_size=2000):
        hours_week, saturday = week_hours(hours or "")
        result.ids.append(pk)
        result.latitudes.append(lat)
        result.longitudes.append(lon)
        result.commune_codes.append(commune_code or "")
        result.kinds.append(_kinds(themes.get(pk, set()), networks, organisation_kind, name or ""))
        result.hours.append(hours_week)
        result.saturday.append(saturday)
    return result


def nearest_by_kind(places: Offer, latitudes: np.ndarray, longitudes: np.ndarray) -> dict[str, np.ndarray]:
    """{kind: distance in km to the nearest place of that kind} plus `digital_saturday` (open on Saturday)."""
    out = {}
    lat, lon = np.asarray(places.latitudes), np.asarray(places.longitudes)
    for kind in KINDS:
        mask = np.array([kind in k for k in places.kinds], dtype=bool)
        out[kind], _which = nearest_km(
            latitudes, longitudes, lat[mask] if len(mask) else [], lon[mask] if len(mask) else []
        )
    mask = np.array([("digital" in k) and s for k, s in zip(places.kinds, places.saturday, strict=True)], dtype=bool)
    out["digital_saturday"], _which = nearest_km(
        latitudes, longitudes, lat[mask] if len(mask) else [], lon[mask] if len(mask) else []
    )
    return out


def per_commune(places: Offer) -> dict[str, dict]:
    """{commune code: {"places": n, "hours": open hours a week (known ones), "hours_unknown": n}}."""
    out: dict[str, dict] = {}
    for code, hours in zip(places.commune_codes, places.hours, strict=True):
        if not code:
            continue
        entry = out.setdefault(code, {"places": 0, "hours": 0.0, "hours_unknown": 0})
        entry["places"] += 1
        if hours is None:
            entry["hours_unknown"] += 1
        else:
            entry["hours"] += hours
    return out
