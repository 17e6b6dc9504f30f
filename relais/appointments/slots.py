"""Free slots, computed from the opening slots, absences, public holidays and booked appointments.

Never stored: `free_slots(reason=..., start=..., end=...)` expands each opening slot's repetitions over
the period (weekly or every other week, up to its end date), skips French public holidays (the
directory's calendar) and the agent's absences, cuts each day into pieces of the reason's duration
and keeps those with a free seat. Three queries whatever the period."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from relais.appointments.models import Absence, Appointment, OpeningSlot, Reason, Recurrence
from relais.directory.hours import is_public_holiday


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@lru_cache(maxsize=1024)
def _holiday(day: dt.date) -> bool:
    return is_public_holiday(day)


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    agent_id: int
    place_id: int
    opening_slot_id: int
    seats_left: int = 1

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


def _days(opening: OpeningSlot, start: dt.date, end: dt.date):
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
    earliest, latest = bookable_window(reason, now)
    if ignore_window:
        earliest, latest = now, dt.datetime.max.replace(tzinfo=dt.UTC)
    openings = OpeningSlot.objects.filter(reasons=reason, removed_at__isnull=True, first_day__lte=end).exclude(
        until__lt=start
    )
    if place_id is not None:
        openings = openings.filter(place_id=place_id)
    if agent_id is not None:
        openings = openings.filter(agent_id=agent_id)
    openings = list(
        openings.only("id", "agent_id", "place_id", "first_day", "start_time", "end_time", "recurrence", "until")
    )
    if not openings:
        return []
    agents = {o.agent_id for o in openings}
    period_start = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    period_end = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    booked: dict[int, list[tuple[dt.datetime, dt.datetime, int]]] = {}
    for agent, s, e, reason_id in (
        Appointment.objects.holding()
        .filter(agent_id__in=agents, starts_at__lt=period_end, ends_at__gt=period_start)
        .values_list("agent_id", "starts_at", "ends_at", "reason_id")
    ):
        booked.setdefault(agent, []).append((s, e, reason_id))
    away: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    for agent, s, e in Absence.objects.filter(
        agent_id__in=agents, starts_at__lt=period_end, ends_at__gt=period_start
    ).values_list("agent_id", "starts_at", "ends_at"):
        away.setdefault(agent, []).append((s, e))
    busy = {agent: _Busy(items) for agent, items in booked.items()}
    duration = reason.duration
    seats = reason.seats
    found: list[Slot] = []
    for opening in openings:
        taken = busy.get(opening.agent_id, _NOTHING)
        absences = away.get(opening.agent_id, ())
        for day in _days(opening, start, end):
            if _holiday(day):
                continue
            cursor = dt.datetime.combine(day, opening.start_time, tzinfo=zone)
            close = dt.datetime.combine(day, opening.end_time, tzinfo=zone)
            while cursor + duration <= close:
                stop = cursor + duration
                if earliest <= cursor <= latest and not any(s < stop and e > cursor for s, e in absences):
                    left = taken.seats_left(cursor, stop, reason.pk, seats)
                    if left > 0:
                        found.append(Slot(cursor, stop, opening.agent_id, opening.place_id, opening.pk, left))
                cursor = stop
    found.sort(key=lambda slot: (slot.starts_at, slot.agent_id))
    return found


class _Busy:
    """One agent's booked appointments, sorted by start, searched by bisection."""

    def __init__(self, items) -> None:
        self.items = sorted(items)
        self.starts = [item[0] for item in self.items]
        self.longest = max((e - s for s, e, _r in self.items), default=dt.timedelta(0))

    def seats_left(self, start: dt.datetime, stop: dt.datetime, reason_id: int, seats: int) -> int:
        """Seats still free: a collective session shares its seats with the same reason at the same start."""
        used = 0
        index = bisect_left(self.starts, start - self.longest)
        items = self.items
        while index < len(items):
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


_NOTHING = _Busy([])


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
