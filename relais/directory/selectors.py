"""Reads of the directory, first of all the search.

Search without PostGIS (docs/adr/0006): the candidate services come from ONE indexed query on the
0.1° grid cells covering the circle's bounding box (plus latitude/longitude bounds); the other
filters, and the free text (the databases' full-text engines: text_search, docs/adr/0012), are
applied by the database on those few rows. Exact distance (haversine), opening state
and ranking are computed in Python; pagination uses an opaque cursor (score, id), stable when
the data changes between pages.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import math
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.errors import DomainError
from relais.directory import hours, ranking, taxonomy, text_search
from relais.directory.models import CELL_DEGREES, ErrorReport, Place, Service, cell_for
from relais.directory.ranking import rank_score  # noqa: F401 — part of this module's interface
from relais.policy.roles import active_organisation, is_coordinator, is_staff
from relais.territory.models import Commune

EARTH_KM = 6371.0088
MAX_RADIUS_KM = 50
REMOTE_EQUIVALENT_KM = 5.0  # where services reachable remotely for the commune are ranked


class SearchError(DomainError, ValueError):
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
        raise SearchError(_("Le curseur de pagination n'est pas valide : recommencez la recherche.")) from None


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
        if not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180) or math.isnan(
            self.latitude + self.longitude
        ):
            raise SearchError(_("Coordonnées impossibles : la latitude va de -90 à 90 et la longitude de -180 à 180."))
        if not (0 < self.radius_km <= MAX_RADIUS_KM):
            raise SearchError(_("La distance doit être comprise entre 1 et %(max)s km.") % {"max": MAX_RADIUS_KM})
        unknown = [code for code in self.themes if not taxonomy.is_known_theme(code)]
        if unknown:
            raise SearchError(_("Thématique inconnue : %(codes)s.") % {"codes": ", ".join(unknown)})


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


def _filtered(qs, query: Query, plan: text_search.Plan, cells: list[int] | None = None):
    if query.themes:
        theme_q = Q()
        for code in query.themes:
            theme_q |= Q(themes_text__contains=f" {code} ")
        qs = qs.filter(theme_q)
    qs = plan.narrow(qs, cells)
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


def _with_staleness(qs, at: dt.datetime):
    """`staleness`: 0 when the place was checked within a quarter, then 1, 2, 3 (9 months+)."""
    steps = [
        When(checked_at__gte=at - dt.timedelta(days=STALENESS_STEP_DAYS * n), then=Value(n - 1)) for n in (1, 2, 3)
    ]
    return qs.annotate(staleness=Case(*steps, default=Value(3), output_field=IntegerField()))


_FIELDS = (
    "id",
    "latitude",
    "longitude",
    "name",
    "hours",
    "place_id",
    "place_hours",
    "place_temporary",
    "staleness",
    "themes_text",
)
STALENESS_STEP_DAYS = 91  # freshness in quarters, computed by the database (no date read per row)
_PLACE_HOURS = (
    "id",
    "hours",
    "closed_from",
    "closed_until",
    "closure_message",
    "temp_hours",
    "temp_hours_from",
    "temp_hours_until",
    "temp_hours_message",
)


class _PlaceRow:
    """The few place fields `hours.effective_hours` needs, without loading the model."""

    __slots__ = (
        "hours",
        "closed_from",
        "closed_until",
        "closure_message",
        "temp_hours",
        "temp_hours_from",
        "temp_hours_until",
        "temp_hours_message",
    )

    def __init__(self, values):
        (
            self.hours,
            self.closed_from,
            self.closed_until,
            self.closure_message,
            self.temp_hours,
            self.temp_hours_from,
            self.temp_hours_until,
            self.temp_hours_message,
        ) = values


def _rows(qs, columns) -> list[tuple]:
    """The rows of `qs.values_list(*columns)` as the database driver gives them: the thousands of
    candidates of a search skip Django's per-value converters (every column read here is a number,
    a text or a flag, used as such)."""
    try:
        sql, params = qs.values_list(*columns).query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _status(place, service_hours: str, at: dt.datetime) -> hours.Status:
    expression, message, closed = hours.effective_hours(place, service_hours, today=at.date())
    if closed:
        return hours.Status(False, None, message)
    status = hours.status_of(expression, at=at)
    status.message = message
    return status


# What a list of results shows (the search page): `search_services(..., load_fields=RESULT_FIELDS)`
# loads only these columns of the page's services and places (the opening state included).
RESULT_FIELDS = (
    "id",
    "name",
    "thematiques",
    "frais",
    "hours",
    "place_id",
    *(
        f"place__{name}"
        for name in (
            "id",
            "name",
            "address",
            "address_extra",
            "postcode",
            "commune_name",
            "latitude",
            "longitude",
            "phone",
            "is_full",
            "checked_at",
            *_PLACE_HOURS[1:],
        )
    ),
)


def search_services(
    query: Query,
    *,
    cursor: str | None = None,
    limit: int = 20,
    at: dt.datetime | None = None,
    load: bool = True,
    load_fields: tuple[str, ...] | None = None,
) -> Page:
    """One page of services matching `query`. With `load`, every hit carries its service and
    place: whole rows (with the organisation), or only `load_fields` (e.g. RESULT_FIELDS)."""
    query.validate()
    at = (at or timezone.now()).astimezone(hours.PARIS)
    after = decode_cursor(cursor) if cursor else None
    plan = text_search.plan(query.text)
    columns = [*_FIELDS, *plan.fields]
    cells, (south, north, west, east) = cells_around(query.latitude, query.longitude, query.radius_km)
    public = _with_staleness(Service.objects.public(now=at).order_by(), at)
    local = _filtered(
        public.filter(
            cell__in=cells, latitude__range=(south, north), longitude__range=(west, east), is_remote_only=False
        ),
        query,
        plan,
        cells,
    )
    candidates: list[tuple] = []
    for pk, lat, lon, *rest in _rows(local, columns):
        distance = haversine_km(query.latitude, query.longitude, lat, lon)
        if distance <= query.radius_km:
            candidates.append((pk, round(distance, 2), distance, *rest))
    if query.commune_code or query.departement_code:
        zone_q = Q(zone_text__contains=" france ") | Q(zone_text__contains=" 99100 ")
        for code in (query.commune_code, query.departement_code):
            if code:
                zone_q |= Q(zone_text__contains=f" {code} ")
        # the zone test first, on its own index (migration 0009), then the other filters on the few rows
        covering = (
            Service.objects.filter(is_remote_only__in=[True], visible__in=[True]).filter(zone_q).order_by().values("pk")
        )
        remote = _filtered(public.filter(is_remote_only__in=[True], pk__in=covering), query, plan)
        equivalent = min(REMOTE_EQUIVALENT_KM, query.radius_km)
        candidates += [(pk, None, equivalent, *rest) for pk, _lat, _lon, *rest in _rows(remote, columns)]

    if query.open_now and candidates:
        # Opening state memoised per expression (many places share one); the place row is read only
        # for the rare places with a temporary closure or temporary hours.
        place_ids = list({c[5] for c in candidates if c[7]})
        places: dict[int, _PlaceRow] = {}
        for start in range(0, len(place_ids), 5000):
            for row in (
                Place.objects.filter(pk__in=place_ids[start : start + 5000]).order_by().values_list(*_PLACE_HOURS)
            ):
                places[row[0]] = _PlaceRow(row[1:])
        memo: dict[str, bool] = {}
        kept = []
        for candidate in candidates:
            if candidate[7]:
                expression, _message, closed = hours.effective_hours(
                    places[candidate[5]], candidate[4], today=at.date()
                )
            else:
                expression, closed = candidate[4] or candidate[6], False
            if closed or not expression:
                continue
            if expression not in memo:
                memo[expression] = bool(hours.status_of(expression, at=at).open)
            if memo[expression]:
                kept.append(candidate)
        candidates = kept

    total, ranked = ranking.best(candidates, plan, keep=limit + 1, after=after)
    window, more = ranked[:limit], len(ranked) > limit
    page = [Hit(pk, score, distance, hours.Status(None)) for score, pk, distance in window]
    if load and page:
        if load_fields:
            rows = Service.objects.select_related("place").only(*load_fields).order_by()
        else:
            rows = Service.objects.select_related("place", "place__organisation")
        objects = rows.in_bulk([h.service_id for h in page])
        for hit in page:
            hit.service = objects.get(hit.service_id)
            if hit.service is not None:
                hit.status = _status(hit.service.place, hit.service.hours, at)
        page = [h for h in page if h.service is not None]
    next_cursor = encode_cursor(window[-1][0], window[-1][1]) if more and window else None
    return Page(page, total, next_cursor)


def nearest_commune(*, latitude: float, longitude: float):
    """The commune whose centre is nearest (within ~15 km), for "around me" searches: its code and
    département let services covering the commune by phone or online appear too."""
    candidates = Commune.objects.select_related("departement").filter(
        latitude__range=(latitude - 0.15, latitude + 0.15), longitude__range=(longitude - 0.2, longitude + 0.2)
    )
    best = min(candidates, key=lambda c: haversine_km(latitude, longitude, c.latitude, c.longitude), default=None)
    return best


def place_public(*, place_id: int, now=None):
    return Place.objects.public(now=now).select_related("organisation", "commune").filter(pk=place_id).first()


def place_get(*, place_id: int):
    return Place.objects.select_related("organisation", "commune").filter(pk=place_id).first()


def place_for_edit(*, place_id: int) -> Place:
    """The place, for its editors' screens (404 when it does not exist)."""
    return get_object_or_404(Place.objects.select_related("organisation"), pk=place_id)


def service_of_place(*, place: Place, service_id: int) -> Service:
    return get_object_or_404(Service, pk=service_id, place=place)


def service_get(*, service_id: int) -> Service | None:
    return Service.objects.filter(pk=service_id).first()


def error_report_get(*, report_id: int) -> ErrorReport:
    return get_object_or_404(ErrorReport.objects.select_related("place"), pk=report_id)


def public_services():
    return Service.objects.public().select_related("place")


def visible_services(*, place: Place):
    return place.services.filter(visible=True).select_related("place")


def public_places():
    return Place.objects.public()


def place_services(*, place: Place, include_unpublished: bool = False):
    qs = place.services.all().order_by("name", "id")
    return qs if include_unpublished else qs.filter(is_published=True)


def places_for_editor(*, user):
    """Places the user edits (their active organisation) or moderates (coordinated départements)."""
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


def with_services(places, *, limit: int) -> list[Place]:
    """The first `limit` places with their services loaded (the editors' list)."""
    return list(places.prefetch_related("services")[:limit])


def open_reports(*, places):
    return ErrorReport.objects.open().filter(place__in=places).select_related("place")


def place_versions(*, place: Place):
    return place.versions.select_related("actor")[:50]
