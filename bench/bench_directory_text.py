"""Directory free-text search at national scale (issue #12): two words, one of them misspelt,
within 30 km, through the selector (text plan with typo corrections from the engine's vocabulary,
full-text SQL, haversine, ranking, loading the page of 20), on the corpus of bench_directory
(150,000 places, 250,000 services over the real communes; generated once per database).

Figures (ms): directory.search_text_typo.p50/.p95 (target p95 ≤ 40 ms), and for comparison
directory.search_text_two_words.p50/.p95 (the same queries spelt right). Each line gives the
1-minute load average: the machine is shared."""

from __future__ import annotations

import os
import random
import statistics
import time

from bench.bench_directory import _communes, _pct, ensure_corpus, ensure_territory, log, vacuum

DATABASES = ["sqlite", "postgresql"]
PREFIXES = ["directory.search_text"]

# (spelt right, one word misspelt by one or two letters): words of the corpus' services
PAIRS = [
    ("epicerie solidaire", "epicerie solidiare"),
    ("colis alimentaires", "colis alimantaires"),
    ("douches laverie", "douches laveries"),
    ("hebergement urgence", "hebergement urgense"),
    ("ordinateur internet", "ordinateur interner"),
    ("trouver emploi", "trouver emploie"),
    ("acces droits", "acces droist"),
    ("vestiaire vetements", "vestiare vetements"),
    ("permanence caf", "permanance caf"),
    ("apprendre francais", "aprendre francais"),
    ("conseil juridique", "conseil juridiqe"),
    ("demarches administratives", "demarches administratves"),
]


def bench_text(db: str):
    from relais.directory.selectors import Query, search_services

    rng = random.Random(12)
    centres = rng.sample(_communes(), 300)
    for name, index in (("directory.search_text_typo", 1), ("directory.search_text_two_words", 0)):

        def make(centre, i, index=index):
            return Query(
                latitude=centre[2],
                longitude=centre[3],
                radius_km=30,
                text=PAIRS[i % len(PAIRS)][index],
                commune_code=centre[0],
                departement_code=centre[4],
            )

        for i, centre in enumerate(centres[:20]):  # warm-up (connection, caches)
            search_services(make(centre, i))
        timings, totals = [], []
        for i, centre in enumerate(centres):
            query = make(centre, i)
            started = time.perf_counter()
            page = search_services(query)
            timings.append((time.perf_counter() - started) * 1000)
            totals.append(page.total)
        load = round(os.getloadavg()[0], 2)
        yield {"bench": f"{name}.p50", "value": round(_pct(timings, 0.5), 2), "unit": "ms", "load_1min": load}
        yield {
            "bench": f"{name}.p95",
            "value": round(_pct(timings, 0.95), 2),
            "unit": "ms",
            "target": 40 if index else None,
            "queries": len(timings),
            "median_results": statistics.median(totals),
            "load_1min": load,
        }
        log(f"{name}: p95 {_pct(timings, 0.95):.1f} ms on {db}")


def run(only: str):
    db = os.environ.get("RELAIS_BENCH_DB", "sqlite")
    ensure_territory()
    ensure_corpus()
    vacuum()
    yield from bench_text(db)
