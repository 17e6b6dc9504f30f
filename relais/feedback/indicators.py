"""The Observatoire's indicators computed from the daily aggregates: satisfaction /10, clarity (simplicity) /10,
help reachable %, help quality /10, autonomy /10, with colours by the Observatoire's thresholds. They are shown
only above `FEEDBACK_MIN_REVIEWS` reviews (100, as the Observatoire) over `FEEDBACK_WINDOW_DAYS` days (365)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from relais.feedback import jdma
from relais.feedback.models import COUNTERS, DailyAggregate


def min_reviews() -> int:
    return int(getattr(settings, "FEEDBACK_MIN_REVIEWS", 100))


def window_days() -> int:
    return int(getattr(settings, "FEEDBACK_WINDOW_DAYS", 365))


@dataclass
class Indicators:
    reviews: int
    satisfaction: float | None
    clarity: float | None
    help_reachable: float | None  # percent
    help_quality: float | None
    autonomy: float | None
    shown: bool  # enough reviews to publish

    @property
    def colours(self) -> dict[str, str]:
        return {
            "satisfaction": jdma.colour_score(self.satisfaction),
            "clarity": jdma.colour_score(self.clarity),
            "help_reachable": jdma.colour_reachable(self.help_reachable),
            "help_quality": jdma.NEUTRAL,
            "autonomy": jdma.NEUTRAL,
        }

    def as_dict(self) -> dict:
        return {**asdict(self), "colours": self.colours}


def _mean(pairs: list[tuple[int, float]]) -> float | None:
    total = sum(count for count, _points in pairs)
    if not total:
        return None
    return round(sum(count * points for count, points in pairs) / total, 1)


def from_counts(counts: dict[str, int], *, minimum: int | None = None) -> Indicators:
    c = {name: counts.get(name) or 0 for name in COUNTERS}
    reached = c["reached_yes"] + c["reached_no"]
    return Indicators(
        reviews=c["reviews"],
        satisfaction=_mean([(c[f"sat_{code}"], pts) for code, pts in jdma.SATISFACTION_POINTS.items()]),
        clarity=_mean([(c[f"clar_{level}"], pts) for level, pts in jdma.CLARITY_POINTS.items()]),
        help_reachable=round(100 * c["reached_yes"] / reached, 1) if reached else None,
        help_quality=_mean([(c[f"quality_{code}"], pts) for code, pts in jdma.QUALITY_POINTS.items()]),
        autonomy=round(10 * c["tried_none"] / c["tried_answered"], 1) if c["tried_answered"] else None,
        shown=c["reviews"] >= (min_reviews() if minimum is None else minimum),
    )


def _sums(rows) -> dict[str, int]:
    return rows.aggregate(**{name: Sum(name) for name in COUNTERS})


def for_target(target: str, *, start: dt.date | None = None, end: dt.date | None = None) -> Indicators:
    """Indicators of one target between two days (start included, end excluded); default: the window."""
    today = timezone.localdate()
    start = start or today - dt.timedelta(days=window_days())
    rows = DailyAggregate.objects.filter(target=target, day__gte=start)
    if end is not None:
        rows = rows.filter(day__lt=end)
    return from_counts(_sums(rows))


def all_targets(*, start: dt.date | None = None) -> dict[str, Indicators]:
    """{target: indicators} over the window, one grouped query."""
    start = start or timezone.localdate() - dt.timedelta(days=window_days())
    rows = (
        DailyAggregate.objects.filter(day__gte=start)
        .values("target")
        .annotate(**{name: Sum(name) for name in COUNTERS})
        .order_by()
    )
    return {row["target"]: from_counts(row) for row in rows}


def before_after(target: str, *, on: dt.date, days: int = 90) -> tuple[Indicators, Indicators]:
    """The indicators over `days` days before a ship date and from the ship date on (same length at most).
    Shown from 1/10 of the publication minimum: a before/after needs fewer reviews than a published score."""
    minimum = max(1, min_reviews() // 10)
    before = from_counts(
        _sums(DailyAggregate.objects.filter(target=target, day__gte=on - dt.timedelta(days=days), day__lt=on)),
        minimum=minimum,
    )
    after = from_counts(
        _sums(DailyAggregate.objects.filter(target=target, day__gte=on, day__lt=on + dt.timedelta(days=days))),
        minimum=minimum,
    )
    return before, after


class DailyRows:
    """One target's daily rows read once (one query), then summed in memory over any period: the public page
    needs the window and a before / after per shipped fix."""

    def __init__(self, target: str, *, since: dt.date):
        self.rows = list(
            DailyAggregate.objects.filter(target=target, day__gte=since).order_by().values_list("day", *COUNTERS)
        )

    def between(self, start: dt.date, end: dt.date | None = None, *, minimum: int | None = None) -> Indicators:
        totals = [0] * len(COUNTERS)
        for day, *counts in self.rows:
            if day >= start and (end is None or day < end):
                totals = [a + b for a, b in zip(totals, counts, strict=True)]
        return from_counts(dict(zip(COUNTERS, totals, strict=True)), minimum=minimum)

    def before_after(self, on: dt.date, days: int = 90) -> tuple[Indicators, Indicators]:
        minimum = max(1, min_reviews() // 10)
        return (
            self.between(on - dt.timedelta(days=days), on, minimum=minimum),
            self.between(on, on + dt.timedelta(days=days), minimum=minimum),
        )
