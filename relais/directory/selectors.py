"""Reads of the directory, first of all the search.

Search without PostGIS (docs/adr/0006): the candidate services come from ONE indexed query on the
0.1° grid cells covering the circle's bounding box (plus latitude/longitude bounds); the other
filters are applied by the database on those few rows. Exact distance (haversine), opening state
and ranking are computed in Python; pagination uses an opaque cursor (score, id), stable when
the data changes between pages.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from relais.directory import hours, taxonomy
from relais.directory.models import CELL_DEGREES, ErrorReport, Place, Service, cell_for
from relais.territory.text import normalize

EARTH_KM = 6371.0088
MAX_RADIUS_KM = 50
REMOTE_EQUIVALENT_KM = 5.0  # where services reachable remotely for the commune are ranked


class SearchError(ValueError):
    """Bad search parameters (plain-French message)."""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def cells_around(lat: float, lon: float, radius_km: float) -> tuple[list[int], tuple[float, float, float, float]]:
    dlat = radius_km / 111.2
    dlon = radius_km / (111.32 * max(0.05, math.cos(math.radians(lat))))
    south, north, west, east = lat - dlat, lat + dlat, lon - dlon, lon + dlon
    cells = []
    i = math.floor(south / CELL_DEGREES)
    while i <= math.floor(north / CELL_DEGREES):
        j = math.floor(west / CELL_DEGREES)
        while j <= math.floor(east / CELL_DEGREES):
            cells.append(cell_for(i * CELL_DEGREES + 1e-9, j * CELL_DEGREES + 1e-9))
            j += 1
        i += 1
    return cells, (south, north, west, east)


def encode_cursor(score: float, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{score:.4f}:{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[float, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        score, pk = raw.split(":")
        return float(score), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise SearchError("Le curseur de pagination n'est pas valide : recommencez la recherche.") from None


@dataclass
class Query:
    latitude: float
    longitude: float
    radius_km: float = 10
    themes: list[str] = field(default_factory=list)
    text: str = ""
    open_now: bool = False
    free_only: bool = False
    frais: list[str] = field(default_factory=list)
    publics: list[str] = field(default_factory=list)
    language: str = ""
    wheelchair: bool = False
    modes_accueil: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    commune_code: str = ""
    departement_code: str = ""

    def validate(self) -> None:
        if not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180) or math.isnan(self.latitude + self.longitude):
            raise SearchError("Coordonnées impossibles : la latitude va de -90 à 90 et la longitude de -180 à 180.")
        if not (0 < self.radius_km <= MAX_RADIUS_KM):
            raise SearchError(f"La distance doit être comprise entre 1 et {MAX_RADIUS_KM} km.")
        unknown = [code for code in self.themes if not taxonomy.is_known_theme(code)]
        if unknown:
            raise SearchError(f"Thématique inconnue : {', '.join(unknown)}.")


@dataclass
class Hit:
    service_id: int
    score: float
    distance_km: float | None
    status: hours.Status
    service: Service | None = None

    @property
    def remote(self) -> bool:
        return self.distance_km is None


@dataclass
class Page:
    hits: list[Hit]
    total: int
    next_cursor: str | None


def _text_tokens(text: str) -> list[str]:
    return [t for t in normalize(text).split() if t not in taxonomy.STOP_WORDS][:6]


def _filtered(qs, query: Query, tokens: list[str]):
    if query.themes:
        theme_q = Q()
        for code in query.themes:
            theme_q |= Q(themes_text__contains=f" {code} ")
        qs = qs.filter(theme_q)
    for token in tokens:
        token_q = Q(search_text__contains=token)
        for theme in taxonomy.lookup(token):
            token_q |= Q(themes_text__contains=f" {theme} ")
        qs = qs.filter(token_q)
    frais = list(query.frais) + (["gratuit"] if query.free_only else [])
    if frais:
        qs = qs.filter(frais__in=frais)
    if query.publics:
        publics_q = Q(publics_text__contains=" tous-publics ") | Q(publics_text="")
        for public in query.publics:
            publics_q |= Q(publics_text__contains=f" {public} ")
        qs = qs.filter(publics_q)
    if query.language:
        qs = qs.filter(languages_text__contains=f" {query.language} ")
    if query.wheelchair:
        qs = qs.filter(wheelchair=True)
    if query.modes_accueil:
        modes_q = Q()
        for mode in query.modes_accueil:
            modes_q |= Q(modes_text__contains=f" {mode} ")
        qs = qs.filter(modes_q)
    if query.types:
        qs = qs.filter(type__in=query.types)
    return qs


_FIELDS = ("id", "latitude", "longitude", "name", "hours", "place__hours", "place__closed_from", "place__closed_until",
           "place__closure_message", "place__temp_hours", "place__temp_hours_from", "place__temp_hours_until",
           "place__temp_hours_message")


class _PlaceRow:
    """The few place fields `hours.effective_hours` needs, without loading the model."""

    __slots__ = ("hours", "closed_from", "closed_until", "closure_message", "temp_hours", "temp_hours_from",
                 "temp_hours_until", "temp_hours_message")

    def __init__(self, values):
        (self.hours, self.closed_from, self.closed_until, self.closure_message, self.temp_hours, self.temp_hours_from,
         self.temp_hours_until, self.temp_hours_message) = values


def search_services(query: Query, *, cursor: str | None = None, limit: int = 20, at: dt.datetime | None = None,
                    load: bool = True) -> Page:
    query.validate()
    at = (at or timezone.now()).astimezone(hours.PARIS)
    tokens = _text_tokens(query.text)
    cells, (south, north, west, east) = cells_around(query.latitude, query.longitude, query.radius_km)
    public = Service.objects.public(now=at)
    local = _filtered(
        public.filter(cell__in=cells, latitude__range=(south, north), longitude__range=(west, east), is_remote_only=False),
        query, tokens,
    )
    rows = [(row, False) for row in local.values_list(*_FIELDS)]
    if query.commune_code or query.departement_code:
        zone_q = Q(zone_text__contains=" france ") | Q(zone_text__contains=" 99100 ")
        for code in (query.commune_code, query.departement_code):
            if code:
                zone_q |= Q(zone_text__contains=f" {code} ")
        remote = _filtered(public.filter(is_remote_only=True).filter(zone_q), query, tokens)
        rows += [(row, True) for row in remote.values_list(*_FIELDS)]

    hits: list[Hit] = []
    for row, is_remote in rows:
        pk, lat, lon, name, service_hours = row[:5]
        if is_remote:
            distance = None
            equivalent = min(REMOTE_EQUIVALENT_KM, query.radius_km)
        else:
            distance = haversine_km(query.latitude, query.longitude, lat, lon)
            if distance > query.radius_km:
                continue
            equivalent = distance
        place = _PlaceRow(row[5:])
        expression, message, closed = hours.effective_hours(place, service_hours, today=at.date())
        if closed:
            status = hours.Status(False, None, message)
        else:
            status = hours.status_of(expression, at=at)
            status.message = message
        if query.open_now and not status.open:
            continue
        relevance = 0.0
        if tokens:
            normalized_name = normalize(name)
            relevance = sum(1.0 for t in tokens if t in normalized_name) / len(tokens)
        score = round((equivalent + 0.05) / (1 + relevance), 4)
        hits.append(Hit(pk, score, None if is_remote else round(distance, 2), status))
    hits.sort(key=lambda h: (h.score, h.service_id))
    total = len(hits)
    if cursor:
        after = decode_cursor(cursor)
        hits = [h for h in hits if (h.score, h.service_id) > after]
    page, more = hits[:limit], len(hits) > limit
    if load and page:
        objects = Service.objects.select_related("place", "place__organisation").in_bulk([h.service_id for h in page])
        for hit in page:
            hit.service = objects.get(hit.service_id)
        page = [h for h in page if h.service is not None]
    next_cursor = encode_cursor(page[-1].score, page[-1].service_id) if more and page else None
    return Page(page, total, next_cursor)


def place_public(*, place_id: int, now=None):
    return Place.objects.public(now=now).select_related("organisation", "commune").filter(pk=place_id).first()


def place_get(*, place_id: int):
    return Place.objects.select_related("organisation", "commune").filter(pk=place_id).first()


def place_services(*, place: Place, include_unpublished: bool = False):
    qs = place.services.all().order_by("name", "id")
    return qs if include_unpublished else qs.filter(is_published=True)


def places_for_editor(*, user):
    """Places the user edits (their active organisation) or moderates (coordinated départements)."""
    from relais.policy.roles import active_organisation, is_coordinator, is_staff

    qs = Place.objects.none()
    organisation = active_organisation(user)
    if organisation is not None:
        qs = Place.objects.filter(organisation=organisation)
    if is_coordinator(user):
        codes = list(user.coordinated_departements.values_list("code", flat=True))
        qs = qs | Place.objects.filter(departement_code__in=codes)
    if is_staff(user) and organisation is None and not is_coordinator(user):
        qs = Place.objects.all()
    return qs.order_by("checked_at", "name")


def open_reports(*, places):
    return ErrorReport.objects.open().filter(place__in=places).select_related("place")


def place_versions(*, place: Place):
    return place.versions.select_related("actor")[:50]
