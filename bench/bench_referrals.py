"""Referrals benchmark (issue 15).

- referrals.inbox.p95: the inbox page `/orientations/recues/` (test Client, journal entry included) of an
  organisation whose 200 places receive 20,000 of the 100,000 referrals of the corpus. Target ≤ 50 ms.
- referrals.directory_search.without_rates.p95 / .with_rates.p95: the directory search page
  `/aide/?commune=…&categorie=alimentation` as a professional, in the same run, requests interleaved, with the
  response rates of the results off (REFERRALS_RATES_IN_SEARCH=False) and on; 1,000 food services around
  Lyon, each with about 100 referrals in 12 months. Target: with ≤ 1.10 × without."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time

DATABASES = ["sqlite", "postgresql"]
PREFIXES = ["referrals"]
N_REFERRALS = 100_000
N_SERVICES = 1_000
INBOX_PLACES = 200
ROUNDS = 150
SOURCE = "bench-referrals"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(pct / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def _world():
    import io

    from django.db import transaction
    from django.utils import timezone

    from relais.accounts.models import Person, User
    from relais.directory.models import Place, Service
    from relais.organisations.models import MemberRole, Membership, Organisation, OrganisationKind
    from relais.referrals.models import Delivery, Referral, ReferralSettings, ReferralState
    from relais.referrals.stats import stats_refresh
    from relais.territory import demo as territory_demo
    from relais.territory.models import Commune

    if not Commune.objects.filter(code="69259").exists():
        territory_demo.load({}, io.StringIO())
    receiving, _ = Organisation.objects.get_or_create(
        name="Bench Épiceries", defaults={"kind": OrganisationKind.ASSOCIATION}
    )
    referring, _ = Organisation.objects.get_or_create(name="Bench CCAS", defaults={"kind": OrganisationKind.CCAS})
    member, created = User.objects.get_or_create(email="bench.referrals@example.org", defaults={"first_name": "Bench"})
    if created:
        Membership.objects.create(user=member, organisation=receiving, role=MemberRole.HELPER)
    if Referral.objects.filter(service__source=SOURCE).count() == N_REFERRALS:
        return member
    log("generating 1,000 services and 100,000 referrals (once per database)…")
    rng = random.Random(15)
    now = timezone.now()
    venissieux = Commune.objects.get(code="69259")
    with transaction.atomic():
        Referral.objects.filter(service__source=SOURCE).delete()
        Service.objects.filter(source=SOURCE).delete()
        Place.objects.filter(source=SOURCE).delete()
        Place.objects.bulk_create(
            [
                Place(
                    source=SOURCE,
                    source_id=str(n),
                    organisation=receiving if n < INBOX_PLACES else None,
                    name=f"Épicerie {n}",
                    address="1 rue de la République",
                    postcode="69200",
                    commune=venissieux,
                    commune_code="69259",
                    commune_name="Vénissieux",
                    departement_code="69",
                    latitude=45.70 + rng.uniform(-0.06, 0.06),
                    longitude=4.88 + rng.uniform(-0.08, 0.08),
                    hours="Mo-Fr 09:00-17:00",
                    languages=["fr"],
                    checked_at=now,
                )
                for n in range(N_SERVICES)
            ]
        )
        services = []
        for place in Place.objects.filter(source=SOURCE):
            service = Service(
                place=place,
                source=SOURCE,
                source_id=place.source_id,
                name="Aide alimentaire",
                description="Colis et épicerie solidaire.",
                type="aide-materielle",
                thematiques=["equipement-et-alimentation--alimentation"],
                frais="gratuit",
                publics=["tous-publics"],
                modes_accueil=["en-presentiel"],
            )
            service.refresh_search_fields(place)
            services.append(service)
        Service.objects.bulk_create(services, batch_size=500)
        services = list(Service.objects.filter(source=SOURCE).select_related("place"))
        ReferralSettings.objects.bulk_create(
            [ReferralSettings(service=s, accepts_referrals=True, delivery=Delivery.INBOX) for s in services]
        )
        persons = Person.objects.bulk_create(
            [
                Person(first_name=f"Prénom{n}", last_name=f"Nom{n}", created_by_organisation=referring)
                for n in range(1000)
            ]
        )
        persons = list(Person.objects.filter(created_by_organisation=referring))
    inbox_services = [s for s in services if s.place.organisation_id == receiving.pk]
    states = (
        [ReferralState.ACCEPTED] * 5
        + [ReferralState.REFUSED] * 2
        + [ReferralState.EXPIRED, ReferralState.SENT, ReferralState.OPENED]
    )
    batch = []
    for n in range(N_REFERRALS):
        # a fifth of the referrals go to the receiving organisation's 200 places (its inbox: 20,000)
        service = rng.choice(inbox_services) if n % 5 == 0 else rng.choice(services)
        created = now - dt.timedelta(minutes=rng.randint(0, 395 * 24 * 60))
        state = rng.choice(states)
        answered = created + dt.timedelta(hours=rng.randint(1, 200)) if state in ("accepted", "refused") else None
        batch.append(
            Referral(
                service=service,
                service_name=f"Aide alimentaire — {service.place.name}",
                organisation=referring,
                receiving_organisation_id=service.place.organisation_id,
                person=rng.choice(persons),
                situations=["no_income"],
                request="Colis alimentaire",
                state=state,
                delivery=Delivery.INBOX,
                created_at=created,
                sent_at=created,
                answered_at=answered,
                closed_at=answered or (created + dt.timedelta(days=30) if state == "expired" else None),
            )
        )
        if len(batch) == 5000:
            Referral.objects.bulk_create(batch)
            batch = []
    if batch:
        Referral.objects.bulk_create(batch)
    stats_refresh()  # what the daily task does
    from django.db import connection

    with connection.cursor() as cursor:  # fresh planner statistics after the bulk load (autovacuum would do it)
        cursor.execute("ANALYZE")
    return member


def _client(member):
    from django.test import Client

    client = Client()
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    return client


def bench_inbox(member) -> list[float]:
    from django.test.utils import override_settings

    timings = []
    with override_settings(RELAIS_REQUIRE_2FA=False, AXES_ENABLED=False):
        client = _client(member)
        for _ in range(5):
            assert client.get("/orientations/recues/").status_code == 200
        for _ in range(ROUNDS):
            started = time.perf_counter()
            response = client.get("/orientations/recues/")
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200 and b"Aide alimentaire" in response.content
    return timings


def bench_search(member) -> tuple[list[float], list[float]]:
    from django.test.utils import override_settings

    url = "/aide/?commune=69259&categorie=alimentation&rayon=20"
    without, with_rates = [], []
    with override_settings(RELAIS_REQUIRE_2FA=False, AXES_ENABLED=False):
        client = _client(member)
        for flag in (False, True, False, True):  # warm-up
            with override_settings(REFERRALS_RATES_IN_SEARCH=flag):
                client.get(url)
        for _ in range(ROUNDS):
            for flag, timings in ((False, without), (True, with_rates)):
                with override_settings(REFERRALS_RATES_IN_SEARCH=flag):
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
                assert (b"des orientations" in response.content) == flag
    return without, with_rates


def run(only: str = ""):
    import os

    db = os.environ.get("RELAIS_BENCH_DB", "")
    member = _world()
    if not only or "referrals.inbox".startswith(only) or only.startswith("referrals.inbox"):
        timings = bench_inbox(member)
        yield {
            "bench": "referrals.inbox.p95",
            "value": round(percentile(timings, 95), 1),
            "unit": "ms",
            "db": db,
            "p50": round(statistics.median(timings), 1),
            "referrals": N_REFERRALS,
            "target": 50,
        }
    if not only or "referrals.directory_search".startswith(only) or only.startswith("referrals.directory_search"):
        without, with_rates = bench_search(member)
        for name, timings in (("without_rates", without), ("with_rates", with_rates)):
            yield {
                "bench": f"referrals.directory_search.{name}.p95",
                "value": round(percentile(timings, 95), 1),
                "unit": "ms",
                "db": db,
                "p50": round(statistics.median(timings), 1),
                "requests": len(timings),
            }
        yield {
            "bench": "referrals.directory_search.rates_overhead",
            "value": round(100 * (statistics.median(with_rates) / statistics.median(without) - 1), 1),
            "unit": "% (p50, with vs without)",
            "db": db,
            "target": 10,
        }
