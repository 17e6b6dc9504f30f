"""Appointments benchmarks (issue 16).

- appointments.free_slots.p95: free slots of one reason over 4 weeks, 30 agents with weekly opening slots
  (Monday to Friday, 9:00-17:00, 30-minute appointments) and 5,000 booked appointments. Target ≤ 30 ms.
- appointments.book_contention: 50 threads book the same slot at once (each its own connection, all
  released by a barrier); printed as the number of successes, which must be 1 (exit code 1 otherwise)."""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import threading
import time
from zoneinfo import ZoneInfo

DATABASES = ["sqlite", "postgresql"]
PREFIXES = ["appointments."]
AGENTS = 30
BOOKED = 5000
ROUNDS = 60
CONTENDERS = 50
PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2030, 1, 6, 8, 0, tzinfo=PARIS)  # a Sunday: the 4 weeks after have no public holiday
FIRST_MONDAY = dt.date(2030, 1, 7)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(pct / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def _world():
    from relais.accounts.models import Person, User
    from relais.appointments.models import Appointment, Location, OpeningSlot, Reason, Recurrence
    from relais.directory.models import Place
    from relais.organisations.models import Organisation, OrganisationKind

    organisation, _ = Organisation.objects.get_or_create(
        name="Bench France Services (rendez-vous)", defaults={"kind": OrganisationKind.FRANCE_SERVICES}
    )
    reason, created = Reason.objects.get_or_create(
        organisation=organisation, name="Bench : aide aux démarches", defaults={"location": Location.PHONE}
    )
    if not created:
        return reason
    place = Place.objects.create(source="bench", source_id="bench-rdv", name="Bench lieu", organisation=organisation)
    agents = User.objects.bulk_create(
        [User(email=f"bench.rdv.agent{i}@example.org", first_name="Agent", last_name=str(i)) for i in range(AGENTS)]
    )
    persons = Person.objects.bulk_create([Person(first_name="Bench", last_name=f"P{i}") for i in range(500)])
    through = OpeningSlot.reasons.through
    links = []
    for agent in agents:
        for weekday in range(5):
            opening = OpeningSlot.objects.create(
                agent=agent,
                place=place,
                first_day=FIRST_MONDAY + dt.timedelta(days=weekday),
                start_time=dt.time(9),
                end_time=dt.time(17),
                recurrence=Recurrence.WEEKLY,
                until=FIRST_MONDAY + dt.timedelta(days=27),
            )
            links.append(through(openingslot_id=opening.pk, reason_id=reason.pk))
    through.objects.bulk_create(links)
    rows = []
    per_agent = BOOKED // AGENTS + 1
    for a, agent in enumerate(agents):
        for k in range(per_agent):
            if len(rows) >= BOOKED:
                break
            day = FIRST_MONDAY + dt.timedelta(days=(k % 20) // 5 * 7 + (k % 5))
            start = dt.datetime.combine(day, dt.time(9), tzinfo=PARIS) + dt.timedelta(minutes=30 * ((k // 20 + a) % 16))
            rows.append(
                Appointment(
                    reason=reason,
                    agent=agent,
                    place=place,
                    person=persons[len(rows) % len(persons)],
                    starts_at=start,
                    ends_at=start + dt.timedelta(minutes=30),
                )
            )
    Appointment.objects.bulk_create(rows, batch_size=1000)
    return reason


def bench_free_slots():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from relais.appointments.models import Appointment
    from relais.appointments.slots import free_slots

    reason = _world()
    end = FIRST_MONDAY + dt.timedelta(days=27)
    found = free_slots(reason=reason, start=FIRST_MONDAY, end=end, now=NOW)  # warm
    timings, cpu = [], []
    for _ in range(ROUNDS):
        started, started_cpu = time.perf_counter(), time.thread_time()
        free_slots(reason=reason, start=FIRST_MONDAY, end=end, now=NOW)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        free_slots(reason=reason, start=FIRST_MONDAY, end=end, now=NOW)
    booked = Appointment.objects.filter(reason=reason).count()
    yield {
        "bench": "appointments.free_slots.p95",
        "value": round(percentile(timings, 95), 2),
        "unit": "ms",
        "median_ms": round(statistics.median(timings), 2),
        # CPU time of this process's thread (the machine is shared: wall time includes waiting for a core)
        "cpu_p95_ms": round(percentile(cpu, 95), 2),
        "free_slots": len(found),
        "booked": booked,
        "agents": AGENTS,
        "queries": len(queries),
        "target_ms": 30,
    }


def bench_contention():
    from django.db import connection

    from relais.accounts.models import Person, User
    from relais.appointments import services
    from relais.appointments.models import Appointment, OpeningSlot, Reason

    reason = Reason.objects.get(name="Bench : aide aux démarches")
    agent = User.objects.get(email="bench.rdv.agent0@example.org")
    opening = OpeningSlot.objects.filter(agent=agent).order_by("first_day").first()
    contenders = list(Person.objects.filter(first_name="Bench contention")[:CONTENDERS])
    if len(contenders) < CONTENDERS:
        contenders = Person.objects.bulk_create(
            [Person(first_name="Bench contention", last_name=f"C{i}") for i in range(CONTENDERS)]
        )
    start = dt.datetime.combine(opening.first_day, dt.time(16, 30), tzinfo=PARIS)
    Appointment.objects.filter(person__in=contenders).delete()  # each run starts from a free slot
    connection.close()
    barrier = threading.Barrier(len(contenders))
    wins, refused, errors = [], [], []

    def attempt(person):
        try:
            barrier.wait()
            services.appointment_book(
                actor=None, person=person, reason=reason, agent_id=agent.pk, starts_at=start, now=NOW
            )
            wins.append(person.pk)
        except services.BookingError:
            refused.append(person.pk)
        except Exception as exc:  # e.g. SQLite's « database is locked »: not a success either
            errors.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(person,)) for person in contenders]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    held = Appointment.objects.holding().filter(agent=agent, starts_at=start).count()
    yield {
        "bench": "appointments.book_contention",
        "value": len(wins),
        "unit": "successes",
        "contenders": len(contenders),
        "refused": len(refused),
        "errors": len(errors),
        "held_in_database": held,
        "seconds": round(time.perf_counter() - started, 2),
    }
    if len(wins) != 1 or held != 1:
        print(f"# book_contention: {len(wins)} successes, {held} held", file=sys.stderr)
        sys.exit(1)


def run(only: str = ""):
    if not only or "appointments.free_slots".startswith(only) or only.startswith("appointments.free_slots"):
        yield from bench_free_slots()
    else:
        _world()
    if not only or "appointments.book_contention".startswith(only) or only.startswith("appointments.book_contention"):
        yield from bench_contention()
