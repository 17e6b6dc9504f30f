"""Incremental daily aggregates: each review adds one to its target's row of the day (`aggregate_add`);
`aggregates_rebuild` recomputes every row from the reviews in one grouped query (`manage.py
feedback_indicators`). The indicators only ever read these rows."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Count, F, Q

from relais.feedback.models import COUNTERS, DailyAggregate, Kind, Review


def _counters_of(review: Review) -> dict[str, int]:
    counts = {"reviews": 1, f"sat_{review.satisfaction}": 1}
    if review.comprehension:
        counts[f"clar_{review.comprehension}"] = 1
    if review.contact_tried:
        counts["tried_answered"] = 1
        if "none" in review.contact_tried.split(","):
            counts["tried_none"] = 1
    if review.contact_reached:
        counts[f"reached_{review.contact_reached}"] = 1
    if review.contact_satisfaction:
        counts[f"quality_{review.contact_satisfaction}"] = 1
    return counts


def aggregate_add(review: Review, *, sign: int = 1) -> None:
    """Add (or, with sign=-1, take away) one review to its day's row; safe under concurrency."""
    row, _created = DailyAggregate.objects.get_or_create(
        target=review.target,
        day=review.day,
        defaults={"kind": review.kind, "procedure_id": review.procedure_id},
    )
    DailyAggregate.objects.filter(pk=row.pk).update(
        **{name: F(name) + sign * value for name, value in _counters_of(review).items()}
    )


def _expressions() -> dict:
    expressions = {"reviews": Count("pk")}
    for code in ("good", "medium", "bad"):
        expressions[f"sat_{code}"] = Count("pk", filter=Q(satisfaction=code))
    for level in range(1, 6):
        expressions[f"clar_{level}"] = Count("pk", filter=Q(comprehension=level))
    expressions["tried_answered"] = Count("pk", filter=~Q(contact_tried=""))
    expressions["tried_none"] = Count("pk", filter=Q(contact_tried__contains="none"))
    for code in ("yes", "no"):
        expressions[f"reached_{code}"] = Count("pk", filter=Q(contact_reached=code))
    for code in ("very_good", "good", "bad", "very_bad"):
        expressions[f"quality_{code}"] = Count("pk", filter=Q(contact_satisfaction=code))
    assert set(expressions) == set(COUNTERS)
    return expressions


@transaction.atomic
def aggregates_rebuild() -> int:
    """Recompute every daily row from the reviews in the database itself (one INSERT … SELECT … GROUP BY: no row
    goes through Python); returns the number of rows."""
    expressions = _expressions()
    grouped = Review.objects.values("target", "day", "kind", "procedure_id").annotate(**expressions).order_by()
    select, params = grouped.query.sql_with_params()  # columns: the values() fields, then the annotations in order
    columns = ", ".join(
        connection.ops.quote_name(name) for name in ["target", "day", "kind", "procedure_id", *expressions]
    )
    DailyAggregate.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {DailyAggregate._meta.db_table} ({columns}) {select}", params)
    return DailyAggregate.objects.count()


__all__ = ["aggregate_add", "aggregates_rebuild", "Kind"]
