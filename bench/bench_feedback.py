"""Feedback benchmark (issue 17), on 1,000,000 reviews of 50 procedures over 365 days (generated once per
database with bulk inserts, kept in the benchmark database of bench/.cache).

- feedback.indicators.seconds: the full recompute of every indicator (`aggregates_rebuild`, what `manage.py
  feedback_indicators` runs: the daily aggregates rebuilt from all reviews). Target ≤ 3 s.
- feedback.public_page.p95: the public page of one procedure (`/avis/indicateurs/demarche/<slug>/`, test Client)
  with its 20,000 reviews, two shipped fixes (before / after) and published stories. Target ≤ 50 ms."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time

DATABASES = ["sqlite", "postgresql"]
PREFIXES = ["feedback."]
N_REVIEWS = 1_000_000
N_PROCEDURES = 50
DAYS = 365
ROUNDS = 200
SLUG = "bench-avis-{n}"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(pct / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def _procedures():
    from django.utils import timezone

    from relais.organisations.models import Organisation
    from relais.procedures.models import Procedure, ProcedureVersion

    organisation, _ = Organisation.objects.get_or_create(name="Bench Avis")
    procedures = []
    for n in range(N_PROCEDURES):
        procedure, created = Procedure.objects.get_or_create(
            slug=SLUG.format(n=n),
            defaults={"organisation": organisation, "title": f"Démarche {n}", "description": "x", "category": "social"},
        )
        if created:
            fields = [
                {"key": "piece", "type": "file", "label": "Carte d'identité", "accept": ["pdf"], "max_bytes": 10**6}
            ]
            version = ProcedureVersion.objects.create(
                procedure=procedure, number=1, fields=fields, published_at=timezone.now() - dt.timedelta(days=DAYS)
            )
            procedure.current_version = version
            procedure.save(update_fields=["current_version"])
        procedures.append(procedure)
    return procedures


def _reviews(procedures) -> None:
    from django.db import transaction
    from django.utils import timezone

    from relais.feedback.models import Kind, Review, StoryState

    if Review.objects.filter(procedure__slug__startswith="bench-avis-").count() == N_REVIEWS:
        return
    log("generating 1,000,000 reviews (once per database)…")
    rng = random.Random(17)
    now = timezone.now()
    Review.objects.filter(procedure__slug__startswith="bench-avis-").delete()
    tried = ["", "none", "close", "association", "websites,other", "close,none"]
    batch = []
    with transaction.atomic():
        for index in range(N_REVIEWS):
            procedure = procedures[index % N_PROCEDURES]
            at = now - dt.timedelta(seconds=rng.randrange(DAYS * 86400))
            text = f"Avis {index}" if index % 500 == 0 else ""
            batch.append(
                Review(
                    kind=Kind.PROCEDURE,
                    target=f"procedure:{procedure.pk}",
                    procedure_id=procedure.pk,
                    procedure_version_id=procedure.current_version_id,
                    created_at=at,
                    day=timezone.localtime(at).date(),
                    satisfaction=rng.choice(["good", "good", "medium", "bad"]),
                    comprehension=rng.choice([None, 1, 2, 3, 4, 5]),
                    contact_tried=rng.choice(tried),
                    contact_reached=rng.choice(["", "yes", "no"]),
                    contact_satisfaction=rng.choice(["", "very_good", "good", "bad", "very_bad"]),
                    verbatim=text,
                    story_state=StoryState.PUBLISHED if text else StoryState.NONE,
                    answer="Merci" if text else "",
                )
            )
            if len(batch) == 10_000:
                Review.objects.bulk_create(batch)
                batch = []
                if index % 200_000 < 10_000:
                    log(f"  {index + 1:,} reviews")
        if batch:
            Review.objects.bulk_create(batch)


def _fixes(procedure) -> None:
    from django.utils import timezone

    from relais.feedback.models import Ticket, TicketState
    from relais.feedback.services.reports import group_for
    from relais.procedures.models import ProcedureVersion

    if Ticket.objects.filter(group__procedure=procedure).exists():
        return
    for number, days in ((2, 200), (3, 60)):
        shipped = timezone.now() - dt.timedelta(days=days)
        version = ProcedureVersion.objects.create(
            procedure=procedure, number=number, fields=procedure.current_version.fields, published_at=shipped
        )
        group = group_for(procedure=procedure, field_key="piece" if number == 2 else "")
        Ticket.objects.create(
            group=group,
            state=TicketState.SHIPPED,
            shipped_version=version,
            shipped_at=shipped,
            first_report_at=shipped - dt.timedelta(days=20),
            public_answer="Corrigé.",
        )


def bench_rebuild() -> float:
    from relais.feedback.aggregates import aggregates_rebuild

    started = time.perf_counter()
    rows = aggregates_rebuild()
    elapsed = time.perf_counter() - started
    log(f"  {rows:,} daily rows rebuilt in {elapsed:.2f} s")
    return elapsed


def _analyze() -> None:
    """PostgreSQL: refresh the visibility map and statistics after the bulk insert (index-only scans)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE feedback_review")


def bench_from_aggregates(procedures) -> float:
    """Every indicator of every procedure (national table, each public page's window and before / after) read
    from the incremental aggregates, as the pages do."""
    from django.utils import timezone

    from relais.feedback import indicators, selectors

    started = time.perf_counter()
    selectors.national_table()
    since = timezone.localdate() - dt.timedelta(days=DAYS)
    for procedure in procedures:
        daily = indicators.DailyRows(f"procedure:{procedure.pk}", since=since)
        daily.between(since)
        daily.before_after(since + dt.timedelta(days=DAYS // 2))
    return time.perf_counter() - started


def bench_page(procedure) -> list[float]:
    from django.test import Client

    client = Client()
    url = f"/avis/indicateurs/demarche/{procedure.slug}/"
    for _ in range(5):
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200 and b"Avant" in response.content
    return timings


def run(only: str = ""):
    import os

    db = os.environ.get("RELAIS_BENCH_DB", "")
    procedures = _procedures()
    _reviews(procedures)
    _fixes(procedures[0])
    _analyze()
    first = bench_rebuild()
    seconds = min(first, bench_rebuild())  # the first run also warms the database's cache: the best of 2
    yield {
        "bench": "feedback.indicators.seconds",
        "value": round(seconds, 2),
        "unit": "s",
        "db": db,
        "first_run": round(first, 2),
        "reviews": N_REVIEWS,
        "target": 3,
    }
    yield {
        "bench": "feedback.indicators_from_aggregates.seconds",
        "value": round(bench_from_aggregates(procedures), 3),
        "unit": "s",
        "db": db,
        "reviews": N_REVIEWS,
    }
    timings = bench_page(procedures[0])
    yield {
        "bench": "feedback.public_page.p95",
        "value": round(percentile(timings, 95), 1),
        "unit": "ms",
        "db": db,
        "p50": round(statistics.median(timings), 1),
        "reviews": N_REVIEWS,
        "target": 50,
    }
