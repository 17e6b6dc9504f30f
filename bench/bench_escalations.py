"""Escalations at scale: an agent's inbox and the published statistics over 100,000 escalations.

Corpus: 10 administrations with 2 teams each, 40 helper organisations, 2,000 persons; 100,000 escalations
spread over the teams (each routed to one team, 10 % with a second team invited), statuses in realistic
shares (a third closed...), business hours to first answer and to processing, usefulness; seen marks for the
agent on half of their team's escalations. Written once into the benchmark database and reused while complete.

Figures: escalations.inbox.p95 (ms, and .cpu_p95: this process's CPU time) — `selectors.inbox` for an agent
of two teams (about 10,000 escalations visible), filtered (open / one status / one team) and sorted (latest
activity, oldest, implicit decision), with the new-answer badge, first page; escalations.stats.seconds —
`stats.lines()` with the counts per blocking cause and per procedure, over the 100,000."""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import sys
import time
from pathlib import Path

DATABASES = ["sqlite", "postgresql"]
PREFIXES = ["escalations."]

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
N = 100_000
VERSION = 2
PREFIX = "Bench saisines"
QUERIES = 200


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = math.floor(k), math.ceil(k)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def _base():
    from relais.accounts.models import User
    from relais.escalations.models import Category, Team, TeamMember
    from relais.organisations.models import MemberRole, Membership, Organisation

    admins = [
        Organisation.objects.get_or_create(name=f"{PREFIX} admin {n}", defaults={"kind": "benefits_body"})[0]
        for n in range(10)
    ]
    helpers = [
        Organisation.objects.get_or_create(name=f"{PREFIX} aide {n}", defaults={"kind": "france_services"})[0]
        for n in range(40)
    ]
    teams = []
    for admin in admins:
        for k in range(2):
            team, _created = Team.objects.get_or_create(
                organisation=admin, name=f"Équipe {k}", defaults={"categories": list(Category.values)}
            )
            teams.append(team)
    agent, _created = User.objects.get_or_create(email="bench.agent@example.org", defaults={"first_name": "Agent"})
    membership, _created = Membership.objects.get_or_create(user=agent, organisation=admins[0], role=MemberRole.AGENT)
    for team in teams[:2]:
        TeamMember.objects.get_or_create(team=team, user=agent)
    agent.active_membership = membership
    return admins, helpers, teams, agent


def ensure_corpus():
    from django.db import connection, transaction

    from relais.accounts.models import Person
    from relais.escalations.models import BlockingCause, Category, Escalation, Invitation, SeenMark, Status

    admins, helpers, teams, agent = _base()
    marker = CACHE / f"escalations-corpus-{connection.vendor}-v{VERSION}"
    if marker.exists() and Escalation.objects.filter(organisation__in=helpers).count() == N:
        return admins, helpers, teams, agent
    log("generating 100,000 escalations (once per database)…")
    started = time.monotonic()
    Escalation.objects.filter(organisation__in=helpers).delete()
    Person.objects.filter(first_name=PREFIX).delete()
    persons = Person.objects.bulk_create(
        [Person(first_name=PREFIX, last_name=f"P{n}", preferred_channel="organisation") for n in range(2000)]
    )
    rng = random.Random(20261201)
    now = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
    statuses = [Status.NEW] * 15 + [Status.IN_PROGRESS] * 30 + [Status.PROCESSED] * 20 + [Status.CLOSED] * 35
    procedures = [f"Démarche {n}" for n in range(30)] + [""] * 10
    for start in range(0, N, 5000):
        rows = []
        for _i in range(start, min(N, start + 5000)):
            team = rng.choice(teams)
            created = now - dt.timedelta(minutes=rng.randint(0, 720 * 24 * 60))
            status = rng.choice(statuses)
            answered = status != Status.NEW
            first = rng.uniform(0.5, 120) if answered else None
            processed = rng.uniform(first, first + 200) if status in (Status.PROCESSED, Status.CLOSED) else None
            last = created + dt.timedelta(hours=rng.uniform(0, 400))
            rows.append(
                Escalation(
                    person=rng.choice(persons),
                    organisation=rng.choice(helpers),
                    team=team,
                    administration_id=team.organisation_id,
                    category=rng.choice(Category.values),
                    cause=rng.choice(BlockingCause.values),
                    subject="Situation bloquée",
                    description="Texte",
                    grant_source="mandate",
                    grant_label="Mandat",
                    procedure_label=rng.choice(procedures),
                    decision_due_on=(created + dt.timedelta(days=rng.randint(10, 90))).date(),
                    status=status,
                    created_at=created,
                    last_activity_at=min(last, now),
                    first_answer_at=created + dt.timedelta(hours=first) if answered else None,
                    first_answer_hours=first,
                    processing_hours=processed,
                    closed_at=last if status == Status.CLOSED else None,
                    useful=rng.choice(["yes", "yes", "unknown", "no"]) if status == Status.CLOSED else "",
                )
            )
        with transaction.atomic():
            made = Escalation.objects.bulk_create(rows, batch_size=1000)
            invitations, seen = [], []
            for escalation in made:
                copies = {
                    "status": escalation.status,
                    "last_activity_at": escalation.last_activity_at,
                    "escalation_created_at": escalation.created_at,
                    "decision_due_on": escalation.decision_due_on,
                    "invited_at": escalation.created_at,
                }
                invitations.append(
                    Invitation(escalation=escalation, team_id=escalation.team_id, reason="routed", **copies)
                )
                if rng.random() < 0.1:
                    invitations.append(
                        Invitation(escalation=escalation, team=rng.choice(teams), reason="invited", **copies)
                    )
                if escalation.team_id in (teams[0].pk, teams[1].pk) and rng.random() < 0.5:
                    seen.append(SeenMark(escalation=escalation, user=agent, seen_at=escalation.last_activity_at))
            Invitation.objects.bulk_create(invitations, batch_size=1000)
            SeenMark.objects.bulk_create(seen, batch_size=1000)
        log(f"  {start + 5000} escalations…")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:
            for table in ("escalations_escalation", "escalations_invitation", "escalations_seenmark"):
                cursor.execute(f"VACUUM (ANALYZE) {table}")
    marker.write_text("ok")
    log(f"corpus ready in {time.monotonic() - started:.0f} s")
    return admins, helpers, teams, agent


def bench_inbox(teams, agent):
    from relais.escalations import selectors
    from relais.escalations.models import Status

    rng = random.Random(7)
    filters = [
        {},
        {"status": Status.IN_PROGRESS},
        {"status": Status.NEW, "order": "oldest"},
        {"team_id": teams[0].pk},
        {"order": "deadline"},
        {"status": "all", "team_id": teams[1].pk},
    ]
    timings, cpu, sizes = [], [], []
    selectors.inbox(user=agent)  # warm
    for _ in range(QUERIES):
        kwargs = rng.choice(filters)
        started, cpu_started = time.perf_counter(), time.process_time()
        rows = selectors.inbox(user=agent, **kwargs)
        [(str(row.person), row.has_news, row.team.name, row.organisation.name) for row in rows]
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        sizes.append(len(rows))
    visible = selectors.visible_to(agent).count()
    yield {"bench": "escalations.inbox.p50", "value": round(_pct(timings, 0.5), 2), "unit": "ms"}
    yield {
        "bench": "escalations.inbox.p95",
        "value": round(_pct(timings, 0.95), 2),
        "unit": "ms",
        "target": 50,
        "escalations": N,
        "visible_to_agent": visible,
        "load_1min": round(os.getloadavg()[0], 2),
    }
    # CPU time of this process per inbox page (with SQLite it includes the database's work): what the latency
    # would be on an idle machine, since the other programs of a shared machine weigh on the wall-clock figures
    yield {"bench": "escalations.inbox.cpu_p95", "value": round(_pct(cpu, 0.95), 2), "unit": "ms"}


def bench_stats():
    from relais.escalations import stats

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        lines = stats.lines()
        stats.counts_by_cause()
        stats.counts_by_procedure()
        timings.append(time.perf_counter() - started)
    yield {
        "bench": "escalations.stats.seconds",
        "value": round(max(timings), 3),
        "unit": "s",
        "target": 2,
        "escalations": N,
        "lines": len(lines),
        "load_1min": round(os.getloadavg()[0], 2),
    }


def run(only: str):
    _admins, _helpers, teams, agent = ensure_corpus()
    if not only or "escalations.inbox".startswith(only) or only.startswith("escalations.inbox"):
        yield from bench_inbox(teams, agent)
    if not only or "escalations.stats".startswith(only) or only.startswith("escalations.stats"):
        yield from bench_stats()
