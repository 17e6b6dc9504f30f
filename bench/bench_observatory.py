"""Observatory benchmarks (issue 18), on the real open data (`../shared/data/territory` or
RELAIS_SHARED_TERRITORY; skipped with a message when absent — nothing is printed then, no number invented).

- observatory.build.seconds: `manage.py observatory_build` for all 34,945 communes, with the nearest place of
  each kind for every commune among 5,000 directory places (the real France services of the 2022 list plus
  generated digital-help, food-aid and hygiene places). Target ≤ 10 s.
- observatory.map_page.kb: the national page of départements (HTML with the inline SVG map), over HTTP
  through the test client. Target ≤ 150 KB."""

from __future__ import annotations

import os
import random
import sys
import time
from io import StringIO
from pathlib import Path

DATABASES = ["sqlite", "postgresql"]
PREFIXES = ["observatory."]
PLACES = 5000
DATA = Path(
    os.environ.get("RELAIS_SHARED_TERRITORY")
    or Path(__file__).resolve().parents[1].parent / "shared" / "data" / "territory"
)
THEMES = [
    ["numerique--realiser-des-demarches-administratives"],
    ["equipement-et-alimentation--alimentation"],
    ["hygiene--douches"],
    ["numerique", "acces-aux-droits-et-citoyennete"],
]
HOURS = ["Mo-Fr 09:00-12:00,14:00-17:00", "Tu-Sa 09:00-12:30", "Mo,We,Fr 14:00-18:00", ""]


def _places() -> int:
    from relais.directory.models import Place, Service
    from relais.observatory import sources

    existing = Place.objects.filter(source="bench-observatory").count()
    if existing >= PLACES:
        return existing
    Place.objects.filter(source="bench-observatory").delete()
    communes = [c for c in sources.communes(DATA) if c["latitude"] is not None]
    places = [
        Place(
            source="bench-observatory",
            source_id=f"fs-{n}",
            name=name,
            latitude=lat,
            longitude=lon,
            networks=["france-service"],
            hours="Mo-Fr 09:00-12:00,13:30-17:00",
        )
        for n, (lat, lon, name) in enumerate(sources.france_services(DATA))
    ]
    rng = random.Random(18)
    while len(places) < PLACES:
        commune = rng.choice(communes)
        places.append(
            Place(
                source="bench-observatory",
                source_id=f"gen-{len(places)}",
                name=f"Lieu d'aide {commune['name']}",
                commune_code=commune["code"],
                departement_code=commune["departement_code"],
                latitude=commune["latitude"] + rng.uniform(-0.01, 0.01),
                longitude=commune["longitude"] + rng.uniform(-0.01, 0.01),
                hours=rng.choice(HOURS),
            )
        )
    created = Place.objects.bulk_create(places, batch_size=1000)
    Service.objects.bulk_create(
        [
            Service(
                place=p, source="bench-observatory", source_id=p.source_id, name="Service", thematiques=THEMES[n % 4]
            )
            for n, p in enumerate(created)
        ],
        batch_size=1000,
    )
    return len(created)


def run(only: str = ""):
    from django.core.management import call_command
    from django.test import Client

    if not (DATA / "communes_decoupage_administratif.csv").exists():
        print(f"# observatory: the open data is not in {DATA}; skipped", file=sys.stderr)
        return
    print("# observatory: 5,000 places…", file=sys.stderr, flush=True)
    places = _places()
    out = StringIO()
    started, started_cpu = time.perf_counter(), time.process_time()
    call_command("observatory_build", data=str(DATA), stdout=out)  # progress bar on stderr
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    from relais.observatory.models import Build, CommuneFigures

    build = Build.objects.first()
    yield {
        "bench": "observatory.build.seconds",
        "value": round(seconds, 2),
        "unit": "s",
        # CPU time of this process (the machine is shared: wall time includes waiting for a core)
        "cpu_s": round(cpu, 2),
        "communes": CommuneFigures.objects.count(),
        "places": build.places,
        "places_created": places,
        "target_s": 10,
    }
    response = Client().get("/observatoire/", HTTP_HOST="localhost")
    assert response.status_code == 200, response.status_code
    yield {
        "bench": "observatory.map_page.kb",
        "value": round(len(response.content) / 1024, 1),
        "unit": "KB",
        "svg_paths": response.content.count(b"<path "),
        "target_kb": 150,
    }
