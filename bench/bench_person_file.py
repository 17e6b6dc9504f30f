"""Person file benchmark (issue 11).

- persons.file.p95: the person file `/personnes/<id>/` (test Client, journal entry included) for a person
  with 500 timeline events (dossiers, their state changes, documents, private notes), opened by a helper
  of an organisation with an active follow-up covering every domain. Target ≤ 100 ms. The number of
  queries per page is reported too (constant whatever the history: tests/casefile/test_file.py)."""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time

DATABASES = ["sqlite", "postgresql"]
PREFIXES = ["persons.file"]
EVENTS = 500  # 125 dossiers + 125 state changes + 125 documents + 125 notes
ROUNDS = 60


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(pct / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def _world():
    from django.utils import timezone

    from relais.accounts.models import Person, User
    from relais.casefile.models import FollowUp, FollowUpConsentText, FollowUpState, PrivateNote
    from relais.documents.models import Document
    from relais.organisations.models import MemberRole, Membership, Organisation, OrganisationKind
    from relais.procedures.models import Dossier, Procedure, ProcedureVersion, Transition

    organisation, _ = Organisation.objects.get_or_create(
        name="Bench France Services (dossier)", defaults={"kind": OrganisationKind.FRANCE_SERVICES}
    )
    helper, created = User.objects.get_or_create(
        email="bench.file.helper@example.org", defaults={"first_name": "Bench", "last_name": "Aidant"}
    )
    if created:
        Membership.objects.create(user=helper, organisation=organisation, role=MemberRole.HELPER)
    person, created = Person.objects.get_or_create(
        first_name="Bench", last_name="Dossier-complet", defaults={"created_by_organisation": organisation}
    )
    if not created:
        return helper, person
    now = timezone.now()
    FollowUp.objects.create(
        organisation=organisation,
        person=person,
        created_by=helper,
        state=FollowUpState.ACTIVE,
        categories=["*"],
        consent_method="paper",
        consent_text=FollowUpConsentText.objects.current(),
        duration_days=365,
        consented_at=now,
        starts_at=now - dt.timedelta(days=1),
        expires_at=now + dt.timedelta(days=364),
    )
    procedure = Procedure.objects.create(
        organisation=organisation, slug="bench-dossier-complet", title="Bench", description="Bench", category="social"
    )
    version = ProcedureVersion.objects.create(procedure=procedure, number=1, fields=[], published_at=now)
    quarter = EVENTS // 4
    states = ["draft", "submitted", "in_review", "correction_requested", "accepted"]
    dossiers = Dossier.objects.bulk_create(
        [
            Dossier(procedure=procedure, version=version, person=person, state=states[i % len(states)])
            for i in range(quarter)
        ]
    )
    if any(d.pk is None for d in dossiers):
        dossiers = list(Dossier.objects.filter(person=person))
    Transition.objects.bulk_create(
        [Transition(dossier=d, from_state="submitted", to_state="in_review") for d in dossiers]
    )
    today = timezone.localdate()
    Document.objects.bulk_create(
        [
            Document(
                person=person,
                doc_type=["identity", "address", "caf_certificate", "other"][i % 4],
                title=f"Document {i}",
                expires_on=today + dt.timedelta(days=i),
                file="documents/bench.pdf",
                content_type="application/pdf",
                size=10,
                sha256="0" * 64,
            )
            for i in range(quarter)
        ]
    )
    PrivateNote.objects.bulk_create(
        [PrivateNote(organisation=organisation, person=person, author=helper, text=f"Note {i}") for i in range(quarter)]
    )
    return helper, person


def bench_file():
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    helper, person = _world()
    url = f"/personnes/{person.pk}/"
    timings: list[float] = []
    with override_settings(RELAIS_REQUIRE_2FA=False, AXES_ENABLED=False):
        client = Client()
        client.force_login(helper, backend="django.contrib.auth.backends.ModelBackend")
        for _ in range(3):  # warm-up
            assert client.get(url).status_code == 200
        for _ in range(ROUNDS):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
    print(f"# persons.file: {len(timings)} requests", file=sys.stderr)
    return timings, len(captured.captured_queries)


def run(only: str = ""):
    timings, queries = bench_file()
    yield {
        "bench": "persons.file.p95",
        "value": round(percentile(timings, 95), 1),
        "unit": "ms",
        "p50": round(statistics.median(timings), 1),
        "requests": len(timings),
        "timeline_events": EVENTS,
        "queries_per_page": queries,
        "target": 100,
    }
