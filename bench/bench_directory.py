"""Directory at national scale: search latency, HTTP search under load, import rate, page weight.

Corpus: 100,000 places and 150,000 services over the 34,945 real communes
(../shared/data/territory/communes_decoupage_administratif.csv), more places in bigger communes
(weight 1 + √population / 10), realistic categories and OSM opening hours. The corpus is written
once into the benchmark database (bench/.cache/bench.sqlite3, or the PostgreSQL bench database)
and reused while it is complete; the data·inclusion file for the import benchmark is cached in
bench/.cache/.

Figures (ms unless said): directory.search_10km_category.p50/.p95, directory.search_50km_text_open.p50/.p95
(the selector: SQL + haversine + opening state + ranking + loading the page of 20), directory.http_search.p50/.p95
(search page through granian, 8 concurrent clients, real server on a free port), directory.import_rate
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
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

DATABASES = ["sqlite", "postgresql"]
PREFIXES = ["directory."]

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
DATA = ROOT.parent / "shared" / "data" / "territory"
N_PLACES = 100_000
N_SERVICES = 150_000
SOURCE = "bench"
CORPUS_VERSION = 2  # bump when the search fields change: the corpus is then generated again

HOURS = [
    "Mo-Fr 09:00-12:00,14:00-17:00; PH off", "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00; PH off",
    "Tu-Fr 09:00-12:30,13:30-17:00; PH off", "Mo,We,Fr 09:00-12:00; PH off", "Mo-Su 08:00-20:00", "Mo-Fr 07:30-11:30",
    "Mo-Su 19:00-08:00", "Mo-Sa 11:30-13:30", "Tu,Th 14:00-17:00", "We 14:00-18:00; Sa 09:00-12:00", "24/7",
    "Mo-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00; PH off", "", "Mo-Fr 10:00-16:00; PH off",
]
KINDS = [
    # weight, place name, [(service name, themes, type)]
    (18, "France Services", [("Aide aux démarches administratives", ["difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives", "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"], "accompagnement"),
                             ("Accès aux services en ligne", ["numerique--acceder-a-des-services-en-ligne"], "accompagnement")]),
    (16, "Espace numérique", [("Aide avec l'ordinateur et internet", ["numerique--maitriser-les-fondamentaux-du-numerique", "numerique--acceder-a-une-connexion-internet"], "atelier")]),
    (12, "Épicerie solidaire", [("Colis et épicerie solidaire", ["equipement-et-alimentation--alimentation"], "aide-materielle")]),
    (8, "Accueil de jour", [("Douches", ["hygiene--douches", "hygiene--toilettes"], "aide-materielle"),
                            ("Laverie", ["hygiene--laverie"], "aide-materielle"),
                            ("Petit-déjeuner", ["equipement-et-alimentation--alimentation"], "aide-materielle")]),
    (8, "CCAS", [("Accès aux droits et aides sociales", ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits", "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere"], "accompagnement")]),
    (6, "Vestiaire solidaire", [("Vêtements", ["equipement-et-alimentation--habillement"], "aide-materielle")]),
    (6, "Centre d'hébergement", [("Hébergement d'urgence", ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"], "aide-materielle")]),
    (8, "Mission locale", [("Trouver un emploi", ["trouver-un-emploi--repondre-a-des-offres-demploi", "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"], "accompagnement")]),
    (6, "Centre de santé", [("Consultations sans avance de frais", ["sante--acces-aux-soins"], "accompagnement")]),
    (6, "Point d'accès au droit", [("Conseil juridique gratuit", ["difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"], "information")]),
    (6, "Atelier sociolinguistique", [("Apprendre le français", ["lecture-ecriture-calcul--maitriser-le-francais"], "formation")]),
]
EXTRA_SERVICES = [
    ("Recharger son téléphone", ["hygiene--recharger-telephone"], "aide-materielle"),
    ("Accès wifi et ordinateurs", ["numerique--acceder-a-une-connexion-internet"], "aide-materielle"),
    ("Permanence CAF", ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"], "information"),
    ("Colis alimentaires", ["equipement-et-alimentation--alimentation"], "aide-materielle"),
]
CATEGORIES = ["hygiene", "equipement-et-alimentation--alimentation", "numerique", "difficultes-administratives-ou-juridiques",
              "logement-hebergement", "sante", "trouver-un-emploi"]
WORDS = ["douche", "manger", "papiers", "ordinateur", "caf", "habits", "dormir"]


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def ensure_territory() -> None:
    from django.core.management import call_command

    from relais.territory.models import Commune

    if Commune.objects.count() >= 34_945:
        return
    log("loading the 34,945 communes (once per database)…")
    call_command("import_territory", regions=str(DATA / "regions_decoupage_administratif.csv"),
                 departements=str(DATA / "departements_decoupage_administratif.csv"),
                 communes=str(DATA / "communes_decoupage_administratif.csv"),
                 populations=str(DATA / "insee_populations_communales_2017.csv"), no_progress=True, verbosity=0)


def _communes():
    from relais.territory.models import Commune

    return list(Commune.objects.exclude(latitude=None).values_list("code", "id", "latitude", "longitude", "departement__code",
                                                                   "name", "population", "postcodes"))


def ensure_corpus() -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from relais.directory.importers import _PLACE_INSERT, _SERVICE_INSERT, _insert
    from relais.directory.models import Place, Service

    marker = CACHE / f"directory-corpus-{connection.vendor}-v{CORPUS_VERSION}"
    if (marker.exists() and Service.objects.filter(source=SOURCE).count() == N_SERVICES
            and Place.objects.filter(source=SOURCE).count() == N_PLACES):
        return
    log("generating the national corpus: 100,000 places, 150,000 services (once per database)…")
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
                source=SOURCE, source_id=str(index), name=f"{kind[1]} de {name}", address=f"{rng.randint(1, 120)} rue de la République",
                postcode=(postcodes or "").split(" ")[0][:5], commune_id=commune_id, commune_code=code, commune_name=name,
                departement_code=dep, latitude=lat + rng.uniform(-0.02, 0.02), longitude=lon + rng.uniform(-0.025, 0.025),
                phone=f"+3347{rng.randint(1000000, 9999999)}", hours=rng.choice(HOURS),
                languages=["fr"] + rng.sample(["en", "ar", "es", "ro", "uk", "ti"], k=rng.choice([0, 0, 1, 2])),
                wheelchair=rng.random() < 0.6, checked_at=now - timezone.timedelta(days=rng.randint(0, 300)),
                created_at=now, updated_at=now, description="",
            )
            places.append(place)
            # every other place offers a second service: 150,000 services for 100,000 places
            plans.append((place, kind, 2 if index % 2 == 0 else 1))
        with transaction.atomic():
            _insert(Place, places, _PLACE_INSERT)
            ids = dict(Place.objects.filter(source=SOURCE, source_id__in=[p.source_id for p in places]).values_list("source_id", "id"))
            services = []
            for place, kind, count in plans:
                place.pk = ids[place.source_id]
                specs = list(kind[2])
                if len(specs) < count:
                    specs.append(rng.choice(EXTRA_SERVICES))
                for n, (service_name, themes, service_type) in enumerate(specs[:count]):
                    remote = rng.random() < 0.01
                    service = Service(
                        place=place, source=SOURCE, source_id=f"{place.source_id}-{n}", name=service_name,
                        description=f"{service_name} à {place.commune_name}. Sans rendez-vous, gratuit.", type=service_type,
                        thematiques=themes, frais="gratuit" if rng.random() < 0.85 else "payant", publics=["tous-publics"],
                        modes_accueil=["a-distance"] if remote else ["en-presentiel"],
                        zone_eligibilite=[place.departement_code] if remote else [],
                        hours=rng.choice(HOURS) if rng.random() < 0.2 else "", created_at=now, updated_at=now,
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
        "directory.search_10km_category": lambda c: Query(latitude=c[2], longitude=c[3], radius_km=10, themes=[rng.choice(CATEGORIES)],
                                                          commune_code=c[0], departement_code=c[4]),
        "directory.search_50km_text_open": lambda c: Query(latitude=c[2], longitude=c[3], radius_km=50, text=rng.choice(WORDS),
                                                           open_now=True, commune_code=c[0], departement_code=c[4]),
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
        yield {"bench": f"{name}.p95", "value": round(_pct(timings, 0.95), 2), "unit": "ms", "queries": len(timings),
               "median_results": statistics.median(totals)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server():
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    port = _free_port()
    env = dict(os.environ, DEBUG="0")
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("granian")), "--interface", "wsgi", "config.wsgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--workers", "2", "--blocking-threads", "4", "--no-log"],
        cwd=str(ROOT), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/aide/", timeout=2).read()
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("granian did not start")


def bench_http(base: str):
    rng = random.Random(11)
    communes = rng.sample(_communes(), 200)
    urls = []
    for c in communes:
        # what the commune picker submits: the name shown and the INSEE code it chose
        where = f"ou={urllib.parse.quote(c[5])}&ou_code={c[0]}"
        if rng.random() < 0.5:
            urls.append(f"{base}/aide/?{where}&quoi={rng.choice(CATEGORIES)}&rayon=10")
        else:
            urls.append(f"{base}/aide/?{where}&q={rng.choice(WORDS)}&rayon=20&ouvert=on")
    for url in urls[:16]:
        urllib.request.urlopen(url, timeout=30).read()
    timings: list[float] = []
    lock = threading.Lock()
    errors = []

    def client(worker: int):
        for i in range(worker, len(urls), 8):
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(urls[i], timeout=30) as response:
                    response.read()
                    if response.status != 200:
                        errors.append(response.status)
            except OSError as exc:
                errors.append(str(exc))
                continue
            with lock:
                timings.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=client, args=(w,)) for w in range(8)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    yield {"bench": "directory.http_search.p50", "value": round(_pct(timings, 0.5), 1), "unit": "ms"}
    yield {"bench": "directory.http_search.p95", "value": round(_pct(timings, 0.95), 1), "unit": "ms", "clients": 8,
           "requests": len(timings), "errors": len(errors), "req_per_s": round(len(timings) / elapsed, 1)}


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
    yield {"bench": "directory.page_weight_first_visit", "value": round(total_kb, 1), "unit": "KB",
           "responses": len(responses), "by_type_kb": {k: round(v, 1) for k, v in kinds.items()}}


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
        structures.append({"source": "bench-import", "id": f"bench-import--{i}", "nom": f"{kind[1]} de {c[5]}"[:150],
                           "date_maj": "2025-06-01", "code_insee": c[0], "commune": c[5], "latitude": c[2], "longitude": c[3],
                           "adresse": "1 place de la Mairie", "telephone": "+33400000000", "horaires_accueil": rng.choice(HOURS) or None})
    for j in range(15_000):
        i = j if j < 10_000 else rng.randrange(10_000)
        name, themes, service_type = rng.choice(rng.choice(KINDS)[2])
        services.append({"source": "bench-import", "id": f"bench-import--s{j}", "structure_id": f"bench-import--{i}", "nom": name,
                         "description": f"{name} : description du service numéro {j}.", "date_maj": "2025-06-01",
                         "thematiques": [t for t in themes if not t.startswith("hygiene")] or None,
                         "extension_relais": {"thematiques": [t for t in themes if t.startswith("hygiene")]},
                         "type": service_type, "frais": "gratuit", "publics": ["tous-publics"], "modes_accueil": ["en-presentiel"]})
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
    yield {"bench": "directory.import_rate", "value": round(written / elapsed), "unit": "services/s",
           "services": written, "rejected": len(report.rejected), "seconds": round(elapsed, 2)}
    started = time.perf_counter()
    again = import_file(fmt="data-inclusion", path=path)
    yield {"bench": "directory.reimport_unchanged_rate", "value": round(again.services_unchanged / (time.perf_counter() - started)),
           "unit": "services/s"}
    Service.objects.filter(source="bench-import").delete()
    Place.objects.filter(source="bench-import").delete()


def run(only: str):
    db = os.environ.get("RELAIS_BENCH_DB", "sqlite")
    ensure_territory()
    ensure_corpus()
    yield from bench_search(db)
    yield from bench_import()
    proc, base = _start_server()
    try:
        yield from bench_http(base)
        yield from bench_page_weight(base)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
