"""Directory at national scale: search latency, HTTP search under load, import rate, page weight.

Corpus: 150,000 places and 250,000 services over the 34,945 real communes
(../shared/data/territory/communes_decoupage_administratif.csv), more places in bigger communes
(weight 1 + √population / 10), realistic categories and OSM opening hours. The corpus is written
once into the benchmark database (bench/.cache/bench.sqlite3, or the PostgreSQL bench database)
and reused while it is complete; the data·inclusion file for the import benchmark is cached in
bench/.cache/.

Figures (ms unless said): directory.search_10km_category.p50/.p95, directory.search_50km_text_open.p50/.p95
(the selector: SQL + haversine + opening state + ranking + loading the page of 20), directory.http_search.p50/.p95
(search page through granian with production settings, 2 workers, measured once the server has finished its
start-up work; 8 concurrent clients, each its own process on a keep-alive connection; the line also gives the
1-minute load average and the web server's CPU per request, since other programs on the machine weigh on the
latencies), directory.import_rate
(services/s, data·inclusion JSON, 15,000 services into an empty source), directory.page_weight_html and
directory.page_weight_first_visit (KB gzip-compressed: the results page HTML, then every
HTML/CSS/JS/font/image response Chromium fetched on a first visit)."""

from __future__ import annotations

import gzip
import json
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

DATABASES = ["sqlite", "postgresql"]
PREFIXES = ["directory."]

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
DATA = ROOT.parent / "shared" / "data" / "territory"
N_PLACES = 150_000
N_SERVICES = 250_000
SOURCE = "bench"
CORPUS_VERSION = 3  # bump when the search fields change: the corpus is then generated again

HOURS = [
    "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00; PH off",
    "Tu-Fr 09:00-12:30,13:30-17:00; PH off",
    "Mo,We,Fr 09:00-12:00; PH off",
    "Mo-Su 08:00-20:00",
    "Mo-Fr 07:30-11:30",
    "Mo-Su 19:00-08:00",
    "Mo-Sa 11:30-13:30",
    "Tu,Th 14:00-17:00",
    "We 14:00-18:00; Sa 09:00-12:00",
    "24/7",
    "Mo-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00; PH off",
    "",
    "Mo-Fr 10:00-16:00; PH off",
]
KINDS = [
    # weight, place name, [(service name, themes, type)]
    (
        18,
        "France Services",
        [
            (
                "Aide aux démarches administratives",
                [
                    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
                    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
                ],
                "accompagnement",
            ),
            ("Accès aux services en ligne", ["numerique--acceder-a-des-services-en-ligne"], "accompagnement"),
        ],
    ),
    (
        16,
        "Espace numérique",
        [
            (
                "Aide avec l'ordinateur et internet",
                ["numerique--maitriser-les-fondamentaux-du-numerique", "numerique--acceder-a-une-connexion-internet"],
                "atelier",
            )
        ],
    ),
    (
        12,
        "Épicerie solidaire",
        [("Colis et épicerie solidaire", ["equipement-et-alimentation--alimentation"], "aide-materielle")],
    ),
    (
        8,
        "Accueil de jour",
        [
            ("Douches", ["hygiene--douches", "hygiene--toilettes"], "aide-materielle"),
            ("Laverie", ["hygiene--laverie"], "aide-materielle"),
            ("Petit-déjeuner", ["equipement-et-alimentation--alimentation"], "aide-materielle"),
        ],
    ),
    (
        8,
        "CCAS",
        [
            (
                "Accès aux droits et aides sociales",
                [
                    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
                    "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
                ],
                "accompagnement",
            )
        ],
    ),
    (6, "Vestiaire solidaire", [("Vêtements", ["equipement-et-alimentation--habillement"], "aide-materielle")]),
    (
        6,
        "Centre d'hébergement",
        [
            (
                "Hébergement d'urgence",
                ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
                "aide-materielle",
            )
        ],
    ),
    (
        8,
        "Mission locale",
        [
            (
                "Trouver un emploi",
                [
                    "trouver-un-emploi--repondre-a-des-offres-demploi",
                    "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
                ],
                "accompagnement",
            )
        ],
    ),
    (6, "Centre de santé", [("Consultations sans avance de frais", ["sante--acces-aux-soins"], "accompagnement")]),
    (
        6,
        "Point d'accès au droit",
        [
            (
                "Conseil juridique gratuit",
                ["difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"],
                "information",
            )
        ],
    ),
    (
        6,
        "Atelier sociolinguistique",
        [("Apprendre le français", ["lecture-ecriture-calcul--maitriser-le-francais"], "formation")],
    ),
]
EXTRA_SERVICES = [
    ("Recharger son téléphone", ["hygiene--recharger-telephone"], "aide-materielle"),
    ("Accès wifi et ordinateurs", ["numerique--acceder-a-une-connexion-internet"], "aide-materielle"),
    (
        "Permanence CAF",
        ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
        "information",
    ),
    ("Colis alimentaires", ["equipement-et-alimentation--alimentation"], "aide-materielle"),
]
CATEGORIES = [
    "hygiene",
    "equipement-et-alimentation--alimentation",
    "numerique",
    "difficultes-administratives-ou-juridiques",
    "logement-hebergement",
    "sante",
    "trouver-un-emploi",
]
WORDS = ["douche", "manger", "papiers", "ordinateur", "caf", "habits", "dormir"]


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def ensure_territory() -> None:
    from django.core.management import call_command

    from relais.territory.models import Commune

    if Commune.objects.count() >= 34_945:
        return
    log("loading the 34,945 communes (once per database)…")
    call_command(
        "import_territory",
        regions=str(DATA / "regions_decoupage_administratif.csv"),
        departements=str(DATA / "departements_decoupage_administratif.csv"),
        communes=str(DATA / "communes_decoupage_administratif.csv"),
        populations=str(DATA / "insee_populations_communales_2017.csv"),
        no_progress=True,
        verbosity=0,
    )


def _communes():
    from relais.territory.models import Commune

    return list(
        Commune.objects.exclude(latitude=None).values_list(
            "code", "id", "latitude", "longitude", "departement__code", "name", "population", "postcodes"
        )
    )


def ensure_corpus() -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from relais.directory.importers import _PLACE_INSERT, _SERVICE_INSERT, _insert
    from relais.directory.models import Place, Service

    marker = CACHE / f"directory-corpus-{connection.vendor}-v{CORPUS_VERSION}"
    if (
        marker.exists()
        and Service.objects.filter(source=SOURCE).count() == N_SERVICES
        and Place.objects.filter(source=SOURCE).count() == N_PLACES
    ):
        return
    log(f"generating the national corpus: {N_PLACES:,} places, {N_SERVICES:,} services (once per database)…")
    started = time.monotonic()
    Service.objects.filter(source=SOURCE).delete()
    Place.objects.filter(source=SOURCE).delete()
    rng = random.Random(20261122)
    communes = _communes()
    weights = [1 + math.sqrt(c[6] or 0) / 10 for c in communes]
    chosen = rng.choices(communes, weights=weights, k=N_PLACES)
    kind_weights = [k[0] for k in KINDS]
    now = timezone.now()
    for start in range(0, N_PLACES, 5000):
        places, plans = [], []
        for index in range(start, min(N_PLACES, start + 5000)):
            code, commune_id, lat, lon, dep, name, _pop, postcodes = chosen[index]
            kind = rng.choices(KINDS, weights=kind_weights)[0]
            place = Place(
                source=SOURCE,
                source_id=str(index),
                name=f"{kind[1]} de {name}",
                address=f"{rng.randint(1, 120)} rue de la République",
                postcode=(postcodes or "").split(" ")[0][:5],
                commune_id=commune_id,
                commune_code=code,
                commune_name=name,
                departement_code=dep,
                latitude=lat + rng.uniform(-0.02, 0.02),
                longitude=lon + rng.uniform(-0.025, 0.025),
                phone=f"+3347{rng.randint(1000000, 9999999)}",
                hours=rng.choice(HOURS),
                languages=["fr"] + rng.sample(["en", "ar", "es", "ro", "uk", "ti"], k=rng.choice([0, 0, 1, 2])),
                wheelchair=rng.random() < 0.6,
                checked_at=now - timezone.timedelta(days=rng.randint(0, 300)),
                created_at=now,
                updated_at=now,
                description="",
            )
            places.append(place)
            # two places in three offer a second service: 250,000 services for 150,000 places
            plans.append((place, kind, 2 if index % 3 else 1))
        with transaction.atomic():
            _insert(Place, places, _PLACE_INSERT)
            ids = dict(
                Place.objects.filter(source=SOURCE, source_id__in=[p.source_id for p in places]).values_list(
                    "source_id", "id"
                )
            )
            services = []
            for place, kind, count in plans:
                place.pk = ids[place.source_id]
                specs = list(kind[2])
                if len(specs) < count:
                    specs.append(rng.choice(EXTRA_SERVICES))
                for n, (service_name, themes, service_type) in enumerate(specs[:count]):
                    remote = rng.random() < 0.01
                    service = Service(
                        place=place,
                        source=SOURCE,
                        source_id=f"{place.source_id}-{n}",
                        name=service_name,
                        description=f"{service_name} à {place.commune_name}. Sans rendez-vous, gratuit.",
                        type=service_type,
                        thematiques=themes,
                        frais="gratuit" if rng.random() < 0.85 else "payant",
                        publics=["tous-publics"],
                        modes_accueil=["a-distance"] if remote else ["en-presentiel"],
                        zone_eligibilite=[place.departement_code] if remote else [],
                        hours=rng.choice(HOURS) if rng.random() < 0.2 else "",
                        created_at=now,
                        updated_at=now,
                    )
                    service.refresh_search_fields(place)
                    service.place_id = place.pk
                    services.append(service)
            _insert(Service, services, _SERVICE_INSERT)
        log(f"  {start + 5000} places…")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE directory_service; ANALYZE directory_place")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    assert Service.objects.filter(source=SOURCE).count() == N_SERVICES, Service.objects.filter(source=SOURCE).count()
    marker.write_text("ok")
    log(f"corpus ready in {time.monotonic() - started:.0f} s")


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = math.floor(k), math.ceil(k)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def bench_search(db: str):
    from relais.directory.selectors import Query, search_services

    rng = random.Random(7)
    communes = _communes()
    centres = rng.sample(communes, 300)
    cases = {
        "directory.search_10km_category": lambda c: Query(
            latitude=c[2],
            longitude=c[3],
            radius_km=10,
            themes=[rng.choice(CATEGORIES)],
            commune_code=c[0],
            departement_code=c[4],
        ),
        "directory.search_50km_text_open": lambda c: Query(
            latitude=c[2],
            longitude=c[3],
            radius_km=50,
            text=rng.choice(WORDS),
            open_now=True,
            commune_code=c[0],
            departement_code=c[4],
        ),
    }
    for name, make in cases.items():
        for centre in centres[:20]:  # warm-up (connection, caches)
            search_services(make(centre))
        timings, totals = [], []
        for centre in centres:
            query = make(centre)
            started = time.perf_counter()
            page = search_services(query)
            timings.append((time.perf_counter() - started) * 1000)
            totals.append(page.total)
        yield {"bench": f"{name}.p50", "value": round(_pct(timings, 0.5), 2), "unit": "ms"}
        yield {
            "bench": f"{name}.p95",
            "value": round(_pct(timings, 0.95), 2),
            "unit": "ms",
            "queries": len(timings),
            "median_results": statistics.median(totals),
        }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _process_tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a process and its children (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid or int(fields[1]) == pid:  # fields[1] = ppid; utime, stime = fields[11], fields[12]
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _wait_idle(pid: int, timeout: float = 120.0) -> float:
    """Wait until the server has finished its start-up work (the rights app builds the OpenFisca
    engine in a background thread of every worker: ~6 CPU-seconds each), so that the figures are
    those of a running server, not of one still starting. Returns the seconds waited."""
    started = time.monotonic()
    previous = _process_tree_cpu(pid)
    while time.monotonic() - started < timeout:
        time.sleep(1.0)
        current = _process_tree_cpu(pid)
        if current - previous < 0.05:
            return time.monotonic() - started
        previous = current
    log("the server never became idle: figures taken anyway")
    return time.monotonic() - started


def _start_server():
    import secrets

    port = _free_port()
    # Production settings (DEBUG off, cached template loader, manifest static files, secure
    # cookies), plain HTTP on loopback.
    env = dict(
        os.environ,
        DEBUG="0",
        RELAIS_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=str(ROOT), env=env, check=True
    )
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("granian")),
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
            os.environ.get("BENCH_GRANIAN_THREADS", "4"),
            "--no-log",
        ],
        cwd=str(ROOT),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/aide/", timeout=2).read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.terminate()
        raise RuntimeError("granian did not start")
    waited = _wait_idle(proc.pid)
    log(f"server idle after {waited:.0f} s of start-up work")
    return proc, base


# One load-generating client, run in its own process (8 of them): a persistent HTTP/1.1
# connection like a browser's, gzip accepted, the latency of every request measured here.
_CLIENT = r"""
import http.client, json, sys, time
job = json.load(sys.stdin)
conn = http.client.HTTPConnection(job["host"], job["port"], timeout=30)
headers = {"Accept-Encoding": "gzip", "Accept-Language": "fr-FR,fr;q=0.9", "User-Agent": "relais-bench"}
timings, errors = [], []
while time.time() < job["start_at"]:
    time.sleep(0.001)
for path in job["paths"]:
    started = time.perf_counter()
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
    except (OSError, http.client.HTTPException) as exc:
        errors.append(str(exc))
        conn.close()
        conn = http.client.HTTPConnection(job["host"], job["port"], timeout=30)
        continue
    if response.status != 200:
        errors.append(response.status)
        continue
    timings.append((time.perf_counter() - started) * 1000)
json.dump({"timings": timings, "errors": errors}, sys.stdout)
"""
CLIENTS = 8


def _search_paths(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    paths = []
    for c in rng.sample(_communes(), count):
        # what the commune picker submits: the name shown and the INSEE code it chose
        where = f"ou={urllib.parse.quote(c[5])}&ou_code={c[0]}"
        if rng.random() < 0.5:
            paths.append(f"/aide/?{where}&quoi={rng.choice(CATEGORIES)}&rayon=10")
        else:
            paths.append(f"/aide/?{where}&q={rng.choice(WORDS)}&rayon=20&ouvert=on")
    return paths


def bench_http(base: str, server_pid: int | None = None):
    """8 concurrent clients, each in its own process (so that the load generator does not fight
    the server for the GIL), each sending its requests one after the other on a keep-alive
    connection; 400 different searches (half by category within 10 km, half by word within
    20 km and open now)."""
    parsed = urllib.parse.urlsplit(base)
    paths = _search_paths(400)
    for path in _search_paths(40, seed=5):  # warm-up: both workers, every code path
        urllib.request.urlopen(base + path, timeout=30).read()
    start_at = time.time() + 1.0
    cpu_before = _process_tree_cpu(server_pid) if server_pid else 0.0
    procs = []
    for worker in range(CLIENTS):
        proc = subprocess.Popen(
            [sys.executable, "-c", _CLIENT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        proc.stdin.write(
            json.dumps(
                {"host": parsed.hostname, "port": parsed.port, "start_at": start_at, "paths": paths[worker::CLIENTS]}
            )
        )
        proc.stdin.close()
        procs.append(proc)
    timings: list[float] = []
    errors: list = []
    for proc in procs:
        result = json.loads(proc.stdout.read())
        proc.wait()
        timings += result["timings"]
        errors += result["errors"]
    elapsed = time.time() - start_at
    # CPU the web server used per request (granian and its workers; not the database server's):
    # unlike latencies, hardly affected by the other programs sharing the machine.
    server_cpu = (_process_tree_cpu(server_pid) - cpu_before) * 1000 / max(1, len(timings)) if server_pid else None
    load = os.getloadavg()[0]
    yield {"bench": "directory.http_search.p50", "value": round(_pct(timings, 0.5), 1), "unit": "ms"}
    yield {
        "bench": "directory.http_search.p95",
        "value": round(_pct(timings, 0.95), 1),
        "unit": "ms",
        "clients": CLIENTS,
        "requests": len(timings),
        "errors": len(errors),
        "req_per_s": round(len(timings) / elapsed, 1),
        "loadavg_1min": round(load, 2),
        "server_cpu_ms_per_request": round(server_cpu, 1) if server_cpu else None,
    }


def bench_page_weight(base: str):
    from tests.browser.fixtures import CHROMIUM_ARGS, chromium_path

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        log("playwright missing: page weight skipped")
        return
    executable = chromium_path()
    if executable is None:
        log("chromium missing: page weight skipped")
        return
    url = f"{base}/aide/?ou=V%C3%A9nissieux&ou_code=69259&q=douche&rayon=10"
    responses: list[tuple[str, bytes]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()

        def on_response(response):
            try:
                responses.append((response.url, response.body()))
            except Exception:  # noqa: BLE001 — redirects have no body
                pass

        page.on("response", on_response)
        page.goto(url, wait_until="networkidle")
        html = page.content()
        browser.close()
    html_body = next((body for u, body in responses if u == url), html.encode())
    html_kb = len(gzip.compress(html_body, 6)) / 1024
    total_kb = sum(len(gzip.compress(body, 6)) for _u, body in responses) / 1024
    kinds = {}
    for u, body in responses:
        ext = u.split("?")[0].rsplit(".", 1)[-1] if "/static/" in u else "html"
        kinds[ext] = kinds.get(ext, 0) + round(len(gzip.compress(body, 6)) / 1024, 1)
    yield {"bench": "directory.page_weight_html", "value": round(html_kb, 1), "unit": "KB"}
    yield {
        "bench": "directory.page_weight_first_visit",
        "value": round(total_kb, 1),
        "unit": "KB",
        "responses": len(responses),
        "by_type_kb": {k: round(v, 1) for k, v in kinds.items()},
    }


def _import_file() -> Path:
    path = CACHE / "directory_import_15k.json"
    if path.exists():
        return path
    rng = random.Random(3)
    communes = _communes()
    structures, services = [], []
    for i in range(10_000):
        c = rng.choice(communes)
        kind = rng.choice(KINDS)
        structures.append(
            {
                "source": "bench-import",
                "id": f"bench-import--{i}",
                "nom": f"{kind[1]} de {c[5]}"[:150],
                "date_maj": "2025-06-01",
                "code_insee": c[0],
                "commune": c[5],
                "latitude": c[2],
                "longitude": c[3],
                "adresse": "1 place de la Mairie",
                "telephone": "+33400000000",
                "horaires_accueil": rng.choice(HOURS) or None,
            }
        )
    for j in range(15_000):
        i = j if j < 10_000 else rng.randrange(10_000)
        name, themes, service_type = rng.choice(rng.choice(KINDS)[2])
        services.append(
            {
                "source": "bench-import",
                "id": f"bench-import--s{j}",
                "structure_id": f"bench-import--{i}",
                "nom": name,
                "description": f"{name} : description du service numéro {j}.",
                "date_maj": "2025-06-01",
                "thematiques": [t for t in themes if not t.startswith("hygiene")] or None,
                "extension_relais": {"thematiques": [t for t in themes if t.startswith("hygiene")]},
                "type": service_type,
                "frais": "gratuit",
                "publics": ["tous-publics"],
                "modes_accueil": ["en-presentiel"],
            }
        )
    path.write_text(json.dumps({"structures": structures, "services": services}))
    return path


def bench_import():
    from relais.directory.importers import import_file
    from relais.directory.models import Place, Service

    path = _import_file()
    Service.objects.filter(source="bench-import").delete()
    Place.objects.filter(source="bench-import").delete()
    started = time.perf_counter()
    report = import_file(fmt="data-inclusion", path=path)
    elapsed = time.perf_counter() - started
    written = report.services_created + report.services_updated
    yield {
        "bench": "directory.import_rate",
        "value": round(written / elapsed),
        "unit": "services/s",
        "services": written,
        "rejected": len(report.rejected),
        "seconds": round(elapsed, 2),
    }
    started = time.perf_counter()
    again = import_file(fmt="data-inclusion", path=path)
    yield {
        "bench": "directory.reimport_unchanged_rate",
        "value": round(again.services_unchanged / (time.perf_counter() - started)),
        "unit": "services/s",
    }
    Service.objects.filter(source="bench-import").delete()
    Place.objects.filter(source="bench-import").delete()


def vacuum() -> None:
    """PostgreSQL: reclaim the dead rows left by earlier runs (the corpus regenerated, the import
    benchmark's inserts and deletes) and set the visibility map that index-only scans need, as
    autovacuum does on a production server (it may be off on a development one)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) directory_service, directory_place")


def _wanted(only: str, *names: str) -> bool:
    return not only or any(name.startswith(only) or only.startswith(name) for name in names)


def run(only: str):
    db = os.environ.get("RELAIS_BENCH_DB", "sqlite")
    ensure_territory()
    ensure_corpus()
    vacuum()
    if _wanted(only, "directory.search_10km_category", "directory.search_50km_text_open"):
        yield from bench_search(db)
    if _wanted(only, "directory.import_rate", "directory.reimport_unchanged_rate"):
        yield from bench_import()
    if not _wanted(only, "directory.http_search", "directory.page_weight"):
        return
    vacuum()  # after the import benchmark's deletes
    proc, base = _start_server()
    try:
        if _wanted(only, "directory.http_search"):
            yield from bench_http(base, proc.pid)
        if _wanted(only, "directory.page_weight"):
            yield from bench_page_weight(base)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
