"""Opening hours in OpenStreetMap `opening_hours` syntax (opening-hours-py), Europe/Paris time,
French public holidays (`PH`) from the library's calendar for country FR (Easter Monday,
Ascension, Whit Monday included)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import opening_hours
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.core.errors import DomainError

PARIS = ZoneInfo("Europe/Paris")
_POSITION = re.compile(r"-->\s*(\d+):(\d+)")
_EXPECTED = re.compile(r"=\s*(.+)$", re.MULTILINE)


class InvalidHours(DomainError, ValueError):
    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.message = message
        self.position = position


@lru_cache(maxsize=20_000)
def parse(text: str) -> opening_hours.OpeningHours:
    """Parsed (and cached) expression; raises InvalidHours with the 1-based character position."""
    try:
        return opening_hours.OpeningHours(text, timezone=PARIS, country="FR", max_interval_days=8)
    except (opening_hours.ParserError, SyntaxError, ValueError) as exc:
        raw = str(exc)
        match = _POSITION.search(raw)
        position = int(match.group(2)) if match else None
        raise InvalidHours(raw, position) from None


def check(text: str) -> str:
    """Validated, stripped expression ('' allowed); raises InvalidHours with a plain-French message."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        parse(text)
    except InvalidHours as exc:
        if exc.position:
            near = text[max(0, exc.position - 1) : exc.position + 9]
            message = _(
                "Horaires non compris à partir du caractère %(pos)s (« %(near)s »). Exemple correct : Mo-Fr "
                "09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off"
            ) % {"pos": exc.position, "near": near}
        else:
            message = _("Horaires non compris. Exemple correct : Mo-Fr 09:00-12:00,14:00-17:00; PH off")
        raise InvalidHours(message, exc.position) from None
    return text


def is_valid(text: str) -> bool:
    try:
        check(text)
    except InvalidHours:
        return False
    return True


def now_paris() -> dt.datetime:
    return timezone.now().astimezone(PARIS)


@dataclass
class Status:
    """open: True/False/None (unknown). `until` = closes at (when open) or opens at (when closed)."""

    open: bool | None
    until: dt.datetime | None = None
    message: str = ""

    @property
    def label(self) -> str:
        if self.open is None:
            return _("Horaires non renseignés")
        if self.open:
            if self.until:
                return _("Ouvert, ferme %(when)s") % {"when": when_label(self.until)}
            return _("Ouvert")
        if self.until:
            return _("Fermé, ouvre %(when)s") % {"when": when_label(self.until)}
        return _("Fermé")


def effective_hours(place, service_hours: str = "", *, today: dt.date | None = None) -> tuple[str, str, bool]:
    """(expression, message, closed_now) taking temporary closures and temporary hours into account."""
    today = today or now_paris().date()
    if place.closed_from and place.closed_from <= today and (place.closed_until is None or today <= place.closed_until):
        return "", place.closure_message or _("Fermeture exceptionnelle"), True
    if (
        place.temp_hours
        and place.temp_hours_from
        and place.temp_hours_from <= today
        and (place.temp_hours_until is None or today <= place.temp_hours_until)
    ):
        return place.temp_hours, place.temp_hours_message or _("Horaires modifiés temporairement"), False
    return service_hours or place.hours, "", False


def is_public_holiday(day: dt.date) -> bool:
    """A French public holiday (the library's calendar for France)."""
    noon = dt.datetime.combine(day, dt.time(12, 0), tzinfo=PARIS)
    return parse("PH 00:00-24:00").is_open(noon)


def status_of(expression: str, *, at: dt.datetime | None = None) -> Status:
    if not expression:
        return Status(None)
    try:
        oh = parse(expression)
    except InvalidHours:
        return Status(None)
    at = (at or now_paris()).astimezone(PARIS)
    if "PH" not in expression and is_public_holiday(at.date()):
        # The hours do not say what happens on public holidays: do not claim « Ouvert ».
        return Status(
            None, None, _("Jour férié : ces horaires ne disent pas si le lieu est ouvert. Appelez avant de venir.")
        )
    is_open = oh.is_open(at)
    try:
        change = oh.next_change(at)
    except Exception:  # noqa: BLE001 — the library raises on pathological expressions
        change = None
    if change is not None and change.tzinfo is None:
        change = change.replace(tzinfo=PARIS)
    if not is_open and oh.is_unknown(at):
        return Status(None)
    return Status(is_open, change)


def place_status(place, service_hours: str = "", *, at: dt.datetime | None = None) -> Status:
    at = at or now_paris()
    expression, message, closed = effective_hours(place, service_hours, today=at.astimezone(PARIS).date())
    if closed:
        return Status(False, None, message)
    status = status_of(expression, at=at)
    status.message = message
    return status


DAY_NAMES = [
    gettext_lazy("lundi"),
    gettext_lazy("mardi"),
    gettext_lazy("mercredi"),
    gettext_lazy("jeudi"),
    gettext_lazy("vendredi"),
    gettext_lazy("samedi"),
    gettext_lazy("dimanche"),
]


def hm(value: dt.datetime | dt.time) -> str:
    return f"{value.hour} h {value.minute:02d}" if value.minute else f"{value.hour} h"


def when_label(moment: dt.datetime, *, now: dt.datetime | None = None) -> str:
    now = (now or now_paris()).astimezone(PARIS)
    moment = moment.astimezone(PARIS)
    if moment.date() == now.date():
        return _("à %(time)s") % {"time": hm(moment)}
    if moment.date() == now.date() + dt.timedelta(days=1):
        return _("demain à %(time)s") % {"time": hm(moment)}
    if moment.date() < now.date() + dt.timedelta(days=7):
        return _("%(day)s à %(time)s") % {"day": str(DAY_NAMES[moment.weekday()]), "time": hm(moment)}
    return _("le %(date)s à %(time)s") % {"date": moment.strftime("%d/%m"), "time": hm(moment)}


def week(expression: str, *, start: dt.date | None = None) -> list[dict]:
    """The next 7 days from `start` (today): [{day, date, spans: ['9 h – 12 h', ...], closed}]."""
    start = start or now_paris().date()
    if not expression:
        return []
    try:
        oh = parse(expression)
    except InvalidHours:
        return []
    begin = dt.datetime.combine(start, dt.time(0, 0), tzinfo=PARIS)
    end = begin + dt.timedelta(days=7)
    days: dict[dt.date, list[str]] = {start + dt.timedelta(days=i): [] for i in range(7)}
    for span_start, span_end, state, _comment in oh.intervals(begin, end):
        if str(state) not in {"State.OPEN", "OPEN", "open"} and state != opening_hours.State.OPEN:
            continue
        span_start = span_start.replace(tzinfo=PARIS) if span_start.tzinfo is None else span_start.astimezone(PARIS)
        span_end = span_end.replace(tzinfo=PARIS) if span_end.tzinfo is None else span_end.astimezone(PARIS)
        day = span_start.date()
        while day < span_end.date() or day == span_start.date():
            if day in days:
                day_start = max(span_start, dt.datetime.combine(day, dt.time(0, 0), tzinfo=PARIS))
                day_end = min(span_end, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=PARIS))
                if day_end > day_start:
                    end_label = "24 h" if day_end.time() == dt.time(0, 0) else hm(day_end)
                    days[day].append(f"{hm(day_start)} – {end_label}")
            day += dt.timedelta(days=1)
            if day > span_end.date():
                break
    return [
        {
            "day": str(DAY_NAMES[d.weekday()]).capitalize(),
            "date": d,
            "spans": spans,
            "closed": not spans,
            "today": d == start,
        }
        for d, spans in days.items()
    ]


# --- France Services "h_lundi" columns → OSM -------------------------------------------------
_SPAN = re.compile(r"(\d{1,2})\s*[:hH]\s*(\d{2})\s*-\s*(\d{1,2})\s*[:hH]\s*(\d{2})")
_SPAN_SEPARATORS = re.compile(r"\s*(?:/|,|;|&|\bet\b)\s*")
OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


def day_spans_to_osm(day_values: list[str]) -> str:
    """['09:00 - 12:00 / 13:30 - 17:00', '', ...] (Monday first) → 'Mo-Th 09:00-12:00,13:30-17:00; Fr ...'.

    Raises ValueError when a non-empty cell cannot be read entirely."""
    per_day: list[str] = []
    for raw in day_values:
        text = (raw or "").strip()
        if text in {"", "-", "–", "fermé", "Fermé", "FERME"}:
            per_day.append("")
            continue
        # Every piece between separators must be one whole span: « 09:00-13:00-/3:00-16:00 » is refused
        # (it is not 9-13 then 3 a.m.-16) and kept as text by the importers.
        pieces = [piece.strip() for piece in _SPAN_SEPARATORS.split(text) if piece.strip()]
        spans = [match.groups() for piece in pieces if (match := _SPAN.fullmatch(piece))]
        if not spans or len(spans) != len(pieces):
            raise ValueError(text)
        parts = []
        for h1, m1, h2, m2 in spans:
            a, b = (int(h1), int(m1)), (int(h2), int(m2))
            if a == b == (0, 0):  # "00:00 - 00:00" is how some rows say "closed"
                continue
            if not (0 <= a[0] <= 24 and 0 <= b[0] <= 24 and a[1] < 60 and b[1] < 60) or b <= a:
                raise ValueError(text)
            parts.append(f"{a[0]:02d}:{a[1]:02d}-{b[0]:02d}:{b[1]:02d}")
        per_day.append(",".join(parts))
    rules: list[str] = []
    index = 0
    while index < len(per_day):
        value = per_day[index]
        end = index
        while end + 1 < len(per_day) and per_day[end + 1] == value:
            end += 1
        if value:
            days = OSM_DAYS[index] if end == index else f"{OSM_DAYS[index]}-{OSM_DAYS[end]}"
            rules.append(f"{days} {value}")
        index = end + 1
    # No « PH off »: the sources do not say the place is closed on public holidays, so nothing is added.
    return "; ".join(rules)
