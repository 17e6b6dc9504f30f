"""Procedures benchmarks (issue 4).

- procedures.http_submit.p95: 8 concurrent clients submit ready dossiers over HTTP to a real
  server (granian, 2 workers) — required on PostgreSQL, printed for SQLite too.
- procedures.agent_list_100k.p95: the agent's list page (test Client) on a procedure with 100,000
  submitted dossiers, with filters and deep pages; the number of queries is reported too.
The image-fitting figures (procedures.fit_*) belong to the document pipeline's benchmark."""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

DATABASES = ["sqlite", "postgresql"]
PREFIXES = ["procedures."]
ROOT = Path(__file__).resolve().parent.parent
LIST_SIZE = 100_000
SUBMIT_CLIENTS = int(os.environ.get("RELAIS_BENCH_SUBMIT_CLIENTS", "8"))
SERVER_THREADS = os.environ.get("RELAIS_BENCH_SUBMIT_SERVER_THREADS", "4")  # per granian worker
SUBMITS_PER_CLIENT = 25
WARMUP_PER_CLIENT = 3  # untimed: every server worker imports Django and opens its connection first

FIELDS = [
    {"type": "section", "label": "Vous"},
    {"key": "prenom", "type": "text", "label": "Prénom", "required": True},
    {"key": "telephone", "type": "phone", "label": "Téléphone", "required": True},
    {"key": "revenus", "type": "decimal", "label": "Revenus", "required": False},
    {"type": "section", "label": "Foyer"},
    {"key": "a_enfants", "type": "yes_no", "label": "Enfants ?", "required": True},
    {
        "key": "enfants",
        "type": "repetition",
        "label": "Enfants",
        "item_label": "Enfant",
        "required": True,
        "condition": {"field": "a_enfants", "op": "eq", "value": True},
        "fields": [{"key": "prenom_enfant", "type": "text", "label": "Prénom", "required": True}],
    },
]
DATA = {
    "prenom": "Camille",
    "telephone": "+33612345678",
    "revenus": "845.50",
    "a_enfants": True,
    "enfants": [{"prenom_enfant": "Léa"}],
}


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(round(pct / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def _organisation():
    from relais.organisations.models import Organisation, OrganisationKind

    org, _ = Organisation.objects.get_or_create(name="Bench CCAS", defaults={"kind": OrganisationKind.CCAS})
    return org


def _procedure(slug: str):
    from django.utils import timezone

    from relais.procedures.models import Procedure, ProcedureVersion

    procedure, created = Procedure.objects.get_or_create(
        slug=slug,
        defaults={
            "organisation": _organisation(),
            "title": f"Bench {slug}",
            "description": "Bench",
            "category": "logement",
        },
    )
    if procedure.current_version_id is None:
        version = ProcedureVersion.objects.create(
            procedure=procedure, number=1, fields=FIELDS, published_at=timezone.now()
        )
        procedure.current_version = version
        procedure.save()
    return procedure


def _agent(organisation):
    from relais.accounts.models import User
    from relais.organisations.models import MemberRole, Membership

    user, _ = User.objects.get_or_create(
        email="bench.agent@example.org", defaults={"first_name": "Agent", "last_name": "Bench"}
    )
    Membership.objects.get_or_create(user=user, organisation=organisation, role=MemberRole.AGENT)
    return user


def _ensure_list_data(procedure) -> None:
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from relais.accounts.models import Person
    from relais.procedures.models import Dossier, DossierState

    existing = Dossier.objects.filter(procedure=procedure).count()
    if existing >= LIST_SIZE:
        return
    print(f"# creating {LIST_SIZE - existing} dossiers", file=sys.stderr, flush=True)
    people = list(Person.objects.filter(last_name="Bench")[:1000])
    if len(people) < 1000:
        people += Person.objects.bulk_create(
            [Person(first_name=f"P{i}", last_name="Bench") for i in range(1000 - len(people))]
        )
    agent = _agent(procedure.organisation)
    states = [
        DossierState.SUBMITTED,
        DossierState.IN_REVIEW,
        DossierState.ACCEPTED,
        DossierState.REFUSED,
        DossierState.CORRECTION_REQUESTED,
    ]
    now = timezone.now()
    batch = []
    for i in range(existing, LIST_SIZE):
        batch.append(
            Dossier(
                procedure=procedure,
                version=procedure.current_version,
                person=people[i % len(people)],
                state=states[i % len(states)],
                data=DATA,
                submitted_at=now - dt.timedelta(minutes=i),
                assignee=agent if i % 3 == 0 else None,
            )
        )
        if len(batch) == 5000:
            with transaction.atomic():
                Dossier.objects.bulk_create(batch)
            batch = []
    if batch:
        Dossier.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum does after a bulk load in production
        cursor.execute("VACUUM ANALYZE procedures_dossier" if connection.vendor == "postgresql" else "ANALYZE")


def _next_link(procedure, agent, number: int, **filters) -> str:
    """The query of the "Page suivante" link that leads to page `number` (shown on page number - 1)."""
    from relais.procedures import selectors

    qs = selectors.backoffice_dossiers(procedure=procedure, me=agent, **filters)
    last_of_previous = qs[(number - 1) * 50 - 1]
    return f"page={number}&apres={selectors.list_cursor(last_of_previous)}"


def bench_agent_list():
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    procedure = _procedure("bench-liste")
    _ensure_list_data(procedure)
    agent = _agent(procedure.organisation)
    base = f"/demarches/instruction/demarches/{procedure.pk}/"
    # Deep pages as the list's "Page suivante" links reach them: page N carries the position of the
    # last row of page N - 1 (keyset cursor). A page number typed without it is read with an OFFSET.
    urls = [
        base,
        base + "?page=2",
        base + "?etat=in_review",
        base + "?instructeur=none&" + _next_link(procedure, agent, 40, assignee="none"),
        base + "?depuis=2020-01-01&etat=submitted",
        base + "?instructeur=me",
        base + "?" + _next_link(procedure, agent, 1500),
    ]
    timings: list[float] = []
    queries: set[int] = set()
    with override_settings(RELAIS_REQUIRE_2FA=False, AXES_ENABLED=False):
        client = Client()
        client.force_login(agent, backend="django.contrib.auth.backends.ModelBackend")
        for url in urls:  # warm-up
            assert client.get(url).status_code == 200, url
        for _round in range(15):
            for url in urls:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, url
            for url in urls if _round == 0 else []:
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
                queries.add(len(captured.captured_queries))
                assert response.status_code == 200
    return timings, queries


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _ready_dossiers(procedure, count_per_client: int) -> list[tuple[str, list[int]]]:
    from relais.accounts.models import Person, User
    from relais.procedures.models import Dossier

    clients = []
    for index in range(SUBMIT_CLIENTS):
        email = f"bench.person{index}@example.org"
        user, _ = User.objects.get_or_create(email=email, defaults={"first_name": "Bench", "last_name": str(index)})
        person, _ = Person.objects.get_or_create(
            user=user, defaults={"first_name": "Bench", "last_name": str(index), "email": email}
        )
        dossiers = Dossier.objects.bulk_create(
            [
                Dossier(
                    procedure=procedure,
                    version=procedure.current_version,
                    person=person,
                    data=DATA,
                    meta={"prefilled": [], "confirmed": [], "pages_done": [0, 1]},
                )
                for _ in range(count_per_client)
            ]
        )
        clients.append((_session_cookie(user), [d.pk for d in dossiers]))
    return clients


def _process_tree_cpu_seconds(root_pid: int) -> float:
    """User + system CPU time of a process and its descendants (Linux /proc; 0.0 elsewhere)."""
    total, todo, tick = 0.0, [root_pid], os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    while todo:
        pid = todo.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, IndexError, ValueError):
            continue
    return total


def bench_http_submit():
    procedure = _procedure("bench-envoi")
    clients = _ready_dossiers(procedure, SUBMITS_PER_CLIENT + WARMUP_PER_CLIENT)
    port = _free_port()
    # RIGHTS_ENGINE_PRELOAD=0: a freshly started server builds the OpenFisca engine in a background
    # thread of EVERY worker (tens of CPU seconds, holding the GIL) — left on, this benchmark would
    # measure the server's start-up, not submissions (the submit path never uses that engine; a
    # long-running production server has finished that build long before).
    env = dict(
        os.environ,
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DEBUG="0",
        LOG_LEVEL="ERROR",
        RIGHTS_ENGINE_PRELOAD="0",
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "granian"),
            "--interface",
            "wsgi",
            "config.wsgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--blocking-threads",
            SERVER_THREADS,
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(ROOT / "bench" / ".cache" / "granian-procedures.log", "w"),
    )
    csrf = "b" * 32
    timings: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        from relais.procedures.models import Dossier

        revisions = dict(Dossier.objects.filter(procedure=procedure, state="draft").values_list("pk", "revision"))

        measure: dict = {}

        def timed_phase_starts() -> None:  # run once, when every client has finished its warm-up
            measure["load_before"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
            measure["cpu_before"] = _process_tree_cpu_seconds(server.pid)

        # Warm-up first, for every client, THEN the timed phase: without this barrier the first
        # timed requests of fast clients met server threads still importing modules, compiling
        # templates and opening their database connection (cold start, not a submission's cost).
        barrier = threading.Barrier(len(clients), action=timed_phase_starts, timeout=120)

        def worker(cookie: str, ids: list[int]) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for index, pk in enumerate(ids):
                if index == WARMUP_PER_CLIENT:
                    barrier.wait()
                body = f"csrfmiddlewaretoken={csrf}&revision={revisions[pk]}"
                headers = {
                    "Cookie": f"{cookie}; csrftoken={csrf}",
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"http://127.0.0.1:{port}/",
                    "Host": f"127.0.0.1:{port}",
                }
                start = time.perf_counter()
                conn.request("POST", f"/demarches/dossiers/{pk}/verifier/", body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                elapsed = (time.perf_counter() - start) * 1000
                if index < WARMUP_PER_CLIENT:
                    continue
                with lock:
                    if response.status == 302 and f"/demarches/dossiers/{pk}/" == response.getheader("Location"):
                        timings.append(elapsed)
                    else:
                        errors.append(f"{pk}: {response.status} {response.getheader('Location')}")

        threads = [threading.Thread(target=worker, args=client) for client in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # Server CPU (both workers) per timed request: a figure that does not depend on the load
        # the other processes of the machine put on it (the latencies do).
        timed_requests = sum(max(0, len(ids) - WARMUP_PER_CLIENT) for _c, ids in clients)
        server_cpu_ms = (_process_tree_cpu_seconds(server.pid) - measure["cpu_before"]) * 1000 / max(1, timed_requests)
        machine = {
            "load_before": measure["load_before"],
            "load_after": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
            "server_cpu_ms_per_request": round(server_cpu_ms, 1),
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    submitted = Dossier.objects.filter(pk__in=[pk for _c, ids in clients for pk in ids], state="submitted").count()
    return timings, errors, submitted, machine


def run(only: str = ""):
    db = os.environ.get("RELAIS_BENCH_DB", "")
    if not only or "procedures.agent_list_100k".startswith(only) or only.startswith("procedures.agent"):
        timings, queries = bench_agent_list()
        yield {
            "bench": "procedures.agent_list_100k.p95",
            "value": round(percentile(timings, 95), 1),
            "unit": "ms",
            "p50": round(statistics.median(timings), 1),
            "requests": len(timings),
            "dossiers": LIST_SIZE,
            "queries_per_page": sorted(queries),
        }
    if not only or "procedures.http_submit".startswith(only) or only.startswith("procedures.http"):
        timings, errors, submitted, machine = bench_http_submit()
        if errors:
            print(f"# http_submit errors: {errors[:5]}", file=sys.stderr)
        record = {
            "bench": "procedures.http_submit.p95",
            "value": round(percentile(timings, 95), 1) if timings else None,
            "unit": "ms",
            "p50": round(statistics.median(timings), 1) if timings else None,
            "p90": round(percentile(timings, 90), 1) if timings else None,
            "max": round(max(timings), 1) if timings else None,
            "clients": SUBMIT_CLIENTS,
            "ok": len(timings),
            "errors": len(errors),
            "submitted_in_db": submitted,
            **machine,
        }
        if db != "postgresql":
            record["note"] = "informative: the target (p95 ≤ 150 ms) applies to PostgreSQL"
        yield record
