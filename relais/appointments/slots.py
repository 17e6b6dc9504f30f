"""Free slots, computed from the opening slots, absences, public holidays and booked appointments.

Never stored: `free_slots(reason=..., start=..., end=...)` expands each opening slot's repetitions over
the period (weekly or every other week, up to its end date), skips French public holidays (the
directory's calendar) and the agent's absences, cuts each day into pieces of the reason's duration
and keeps those with a free seat. Three queries whatever the period.

Speed (bench `appointments.free_slots.p95`): times are compared as integer seconds since the epoch, which
the database computes for the booked appointments (no datetime built per row) and each opening day walks the
agent's sorted appointments once, so the work grows with slots + appointments, not their product."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import BigIntegerField, Func
from django.utils import timezone

from relais.appointments.models import HOLDING, Absence, Appointment, OpeningSlot, Reason, Recurrence
from relais.directory.hours import is_public_holiday


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@lru_cache(maxsize=1024)
def _holiday(day: dt.date) -> bool:
    return is_public_holiday(day)


class Slot(NamedTuple):
    starts_at: dt.datetime
    agent_id: int
    place_id: int
    opening_slot_id: int
    seats_left: int = 1
    duration_s: int = 1800

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(seconds=self.duration_s)

    @property
    def key(self) -> str:
        """What a form sends back: agent and start (the server checks it again)."""
        return f"{self.agent_id}-{int(self.starts_at.timestamp())}"


def parse_key(key: str) -> tuple[int, dt.datetime] | None:
    try:
        agent, stamp = key.split("-", 1)
        return int(agent), dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None


class _Opening(NamedTuple):
    pk: int
    agent_id: int
    place_id: int
    first_day: dt.date
    start_time: dt.time
    end_time: dt.time
    recurrence: str
    until: dt.date | None


def _days(opening: _Opening | OpeningSlot, start: dt.date, end: dt.date):
    """The days of `opening` within [start, end]."""
    last = min(end, opening.until) if opening.until else end
    if opening.recurrence == Recurrence.NONE:
        if start <= opening.first_day <= last:
            yield opening.first_day
        return
    step = 7 if opening.recurrence == Recurrence.WEEKLY else 14
    day = opening.first_day
    if day < start:
        day += dt.timedelta(days=((start - day).days + step - 1) // step * step)
    while day <= last:
        yield day
        day += dt.timedelta(days=step)


def bookable_window(reason: Reason, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Earliest and latest start the reason allows (minimum and maximum booking delays)."""
    return now + dt.timedelta(minutes=reason.min_delay_minutes), now + dt.timedelta(days=reason.max_delay_days)


class Epoch(Func):
    """Seconds since the epoch of a datetime column, computed by the database (no converter per row)."""

    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(EXTRACT(EPOCH FROM %(expressions)s) AS BIGINT)", **extra
        )


class _Busy:
    """One agent's booked appointments as (start, end, reason) in epoch seconds, sorted by start."""

    def __init__(self, items) -> None:
        self.items = sorted(items)
        self.starts = [item[0] for item in self.items]
        longest = 0
        for s, e, _r in self.items:
            if e - s > longest:
                longest = e - s
        self.longest = longest


_NOTHING = _Busy([])


def _busy_by_agent(agents, period_start, period_end) -> tuple[dict[int, _Busy], dict[int, list]]:
    booked: dict[int, list] = {}
    rows = (
        Appointment.objects.filter(
            state__in=HOLDING, agent_id__in=agents, starts_at__lt=period_end, ends_at__gt=period_start
        )
        .annotate(start_s=Epoch("starts_at"), end_s=Epoch("ends_at"))
        .values_list("agent_id", "start_s", "end_s", "reason_id")
    )
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:  # plain integers: no converter per row
        cursor.execute(sql, params)
        for agent, s, e, reason_id in cursor.fetchall():
            booked.setdefault(agent, []).append((s, e, reason_id))
    away: dict[int, list] = {}
    for agent, s, e in Absence.objects.filter(
        agent_id__in=agents, starts_at__lt=period_end, ends_at__gt=period_start
    ).values_list("agent_id", "starts_at", "ends_at"):
        away.setdefault(agent, []).append((int(s.timestamp()), int(e.timestamp())))
    return {agent: _Busy(items) for agent, items in booked.items()}, away


def free_slots(
    *,
    reason: Reason,
    start: dt.date,
    end: dt.date,
    place_id: int | None = None,
    agent_id: int | None = None,
    now: dt.datetime | None = None,
    ignore_window: bool = False,
) -> list[Slot]:
    """Free slots of `reason` from day `start` to day `end` (included), in time order."""
    now = now or timezone.now()
    zone = local_zone()
    earliest_at, latest_at = bookable_window(reason, now)
    earliest, latest = int(earliest_at.timestamp()), int(latest_at.timestamp())
    if ignore_window:
        earliest, latest = int(now.timestamp()), 2**62
    openings = OpeningSlot.objects.filter(reasons=reason, removed_at__isnull=True, first_day__lte=end).exclude(
        until__lt=start
    )
    if place_id is not None:
        openings = openings.filter(place_id=place_id)
    if agent_id is not None:
        openings = openings.filter(agent_id=agent_id)
    openings = [  # plain rows: no model instance per opening slot
        _Opening(*row)
        for row in openings.values_list(
            "id", "agent_id", "place_id", "first_day", "start_time", "end_time", "recurrence", "until"
        )
    ]
    if not openings:
        return []
    period_start = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    period_end = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    busy, away = _busy_by_agent({o.agent_id for o in openings}, period_start, period_end)
    duration = reason.duration_minutes * 60
    seats, reason_id = reason.seats, reason.pk
    found: list[tuple[int, int, int, int, int]] = []  # (start, agent, place, opening, seats left)
    for opening in openings:
        agent, place, opening_id = opening.agent_id, opening.place_id, opening.pk
        opens_at, closes_at = opening.start_time, opening.end_time
        taken = busy.get(agent, _NOTHING)
        absences = away.get(agent, ())
        items, count, longest = taken.items, len(taken.items), taken.longest
        for day in _days(opening, start, end):
            if _holiday(day):
                continue
            cursor = int(dt.datetime.combine(day, opens_at, tzinfo=zone).timestamp())
            close = int(dt.datetime.combine(day, closes_at, tzinfo=zone).timestamp())
            index = bisect_left(taken.starts, cursor - longest)
            if seats == 1:
                _free_in_gaps(
                    found,
                    items,
                    index,
                    count,
                    absences,
                    cursor,
                    close,
                    duration,
                    earliest,
                    latest,
                    (agent, place, opening_id, 1),
                )
                continue
            while cursor + duration <= close:
                stop = cursor + duration
                while index < count and items[index][0] + longest <= cursor:
                    index += 1  # appointments that ended before this slot, for sure
                if earliest <= cursor <= latest and not (
                    absences and any(a < stop and b > cursor for a, b in absences)
                ):
                    left = _seats_left(items, index, count, cursor, stop, reason_id, seats)
                    if left > 0:
                        found.append((cursor, agent, place, opening_id, left))
                cursor = stop
    found.sort()
    utc, from_stamp = dt.UTC, dt.datetime.fromtimestamp
    # in UTC (screens and messages show local time)
    return [
        Slot(from_stamp(stamp, utc), agent, place, opening_id, left, duration)
        for stamp, agent, place, opening_id, left in found
    ]


def _free_in_gaps(found, items, index, count, absences, opens, close, duration, earliest, latest, tail) -> None:
    """One seat per slot: the grid points of [opens, close) (step `duration`) that fall in the gaps between
    the agent's appointments and absences, within the booking window, added to `found`."""
    busy = []
    while index < count and items[index][0] < close:
        s, e, _reason = items[index]
        if e > opens:
            busy.append((s, e))
        index += 1
    for a, b in absences:
        if a < close and b > opens:
            busy.append((a, b))
    busy.sort()
    busy.append((close, close))
    low = opens
    if earliest > low:
        low = opens + -(-(earliest - opens) // duration) * duration  # first grid point at or after `earliest`
    agent, place, opening_id, seats = tail
    cursor = opens
    for s, e in busy:
        first = cursor if cursor >= low else low
        last = min(s, latest + duration) - duration
        if first <= last:
            found.extend([(c, agent, place, opening_id, seats) for c in range(first, last + 1, duration)])
        if e > cursor:
            cursor = opens + -(-(e - opens) // duration) * duration


def _seats_left(items, index: int, count: int, start: int, stop: int, reason_id: int, seats: int) -> int:
    """Seats still free: a collective session shares its seats with the same reason at the same start."""
    used = 0
    while index < count:
        s, e, other_reason = items[index]
        index += 1
        if s >= stop:
            break
        if e <= start:
            continue
        if seats > 1 and other_reason == reason_id and s == start:
            used += 1
            continue
        return 0
    return max(0, seats - used)


def first_free(*, reason: Reason, place_id: int | None = None, now: dt.datetime | None = None) -> Slot | None:
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    slots = free_slots(
        reason=reason,
        start=today,
        end=today + dt.timedelta(days=min(reason.max_delay_days, 366)),
        place_id=place_id,
        now=now,
    )
    return slots[0] if slots else None
