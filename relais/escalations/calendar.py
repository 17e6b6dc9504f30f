"""Working days and business hours (Monday to Friday, 9:00 to 17:00 in Paris, French fixed public holidays
and Easter Monday, Ascension, Whit Monday): the clock of the automatic invitation and of the statistics."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
DAY_START, DAY_END = 9, 17  # business hours, local time
FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month = (h + leap - 7 * m + 114) // 31
    day = (h + leap - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


@lru_cache(maxsize=64)
def holidays(year: int) -> frozenset[dt.date]:
    easter = _easter(year)
    moving = {easter + dt.timedelta(days=1), easter + dt.timedelta(days=39), easter + dt.timedelta(days=50)}
    return frozenset({dt.date(year, m, d) for m, d in FIXED_HOLIDAYS} | moving)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def working_days_between(start: dt.datetime, end: dt.datetime) -> int:
    """Whole working days elapsed after `start`'s day up to `end`'s day (Friday → next Monday: 1)."""
    first, last = start.astimezone(PARIS).date(), end.astimezone(PARIS).date()
    count, day = 0, first + dt.timedelta(days=1)
    while day <= last:
        count += is_working_day(day)
        day += dt.timedelta(days=1)
    return count


def business_hours_between(start: dt.datetime, end: dt.datetime) -> float:
    """Hours of working time between two instants (0 if `end` is before `start`)."""
    if end <= start:
        return 0.0
    start, end = start.astimezone(PARIS), end.astimezone(PARIS)
    total = 0.0
    day = start.date()
    while day <= end.date():
        if is_working_day(day):
            opens = dt.datetime.combine(day, dt.time(DAY_START), PARIS)
            closes = dt.datetime.combine(day, dt.time(DAY_END), PARIS)
            lo, hi = max(opens, start), min(closes, end)
            if hi > lo:
                total += (hi - lo).total_seconds() / 3600
        day += dt.timedelta(days=1)
    return round(total, 2)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when it does not exist: 31 → 30)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)
