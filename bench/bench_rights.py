"""Rights simulator benchmarks (OpenFisca-France).

- rights.household.p50 / .p95 (ms): one household, every benefit, warm engine (fast path).
- rights.naive_household.p50 (ms): same households, plain `SimulationBuilder` per household.
- rights.batch_rate (households/s) and rights.batch_peak_rss (MB): 10,000 households, chunked,
  measured in a fresh subprocess (peak RSS of that process, engine included).
- rights.naive_batch_rate (households/s): plain vectorised OpenFisca, one simulation, no chunks
  (on 2,000 households: 10,000 unchunked would not fit the memory budget).
- rights.first_page_before_engine_ms: granian started with the engine preloading; time until
  the questionnaire's first page is served, with the engine's ready time beside it.
- rights.identity_mismatches: households (BENCH_RIGHTS_IDENTITY_COUNT, default 20,000) drawn from
  the whole questionnaire space (tests/rights/households.py) where the fast engine and plain
  vectorised OpenFisca differ by a cent or more on any benefit (chunks of 1,000, in a subprocess).
Households come from the whole (broader) questionnaire space.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PREFIXES = ["rights."]
ROOT = Path(__file__).resolve().parent.parent
PERIOD = "2026-11"
BATCH_SIZE = 10_000
NAIVE_BATCH_SIZE = 2_000


IDENTITY_COUNT = int(os.environ.get("BENCH_RIGHTS_IDENTITY_COUNT", "20000"))
IDENTITY_CHUNK = 1_000


def _households(count: int, seed: int):
    from tests.rights.households import random_households

    return random_households(count, seed=seed)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _household_latency():
    from relais.rights import engine

    started = time.perf_counter()
    engine.wait_ready()
    build_s = time.perf_counter() - started
    households = _households(40, seed=7)
    for household in households[:3]:
        engine.simulate_one(household, PERIOD)
        engine.naive_simulate(household, PERIOD)
    fast, fast_cpu = [], []
    for household in households:
        t0, c0 = time.perf_counter(), time.process_time()
        engine.simulate_one(household, PERIOD)
        fast.append((time.perf_counter() - t0) * 1000)
        fast_cpu.append((time.process_time() - c0) * 1000)
    naive, naive_cpu = [], []
    for household in households[:12]:
        t0, c0 = time.perf_counter(), time.process_time()
        engine.naive_simulate(household, PERIOD)
        naive.append((time.perf_counter() - t0) * 1000)
        naive_cpu.append((time.process_time() - c0) * 1000)
    load = round(os.getloadavg()[0], 1)
    yield {
        "bench": "rights.household.p50",
        "value": round(statistics.median(fast), 1),
        "unit": "ms",
        "households": len(fast),
        "target": 300,
        "speedup_vs_naive": round(statistics.median(naive) / statistics.median(fast), 1),
        "cpu_ms": round(statistics.median(fast_cpu), 1),
        "load": load,
    }
    yield {
        "bench": "rights.household.p95",
        "value": round(_percentile(fast, 0.95), 1),
        "unit": "ms",
        "households": len(fast),
        "target": 500,
        "cpu_ms": round(_percentile(fast_cpu, 0.95), 1),
        "load": load,
    }
    yield {
        "bench": "rights.naive_household.p50",
        "value": round(statistics.median(naive), 1),
        "unit": "ms",
        "households": len(naive),
        "cpu_ms": round(statistics.median(naive_cpu), 1),
        "load": load,
    }
    yield {"bench": "rights.engine_build", "value": round(build_s, 2), "unit": "s"}


def _batch_subprocess(kind: str, size: int) -> dict:
    """Run one batch in a fresh interpreter; returns its rate and peak RSS."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, __file__, "--batch", kind, str(size)], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _batch_main(kind: str, size: int) -> None:
    import resource

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    if kind == "identity":
        _identity_main(size)
        return
    from relais.rights import engine

    engine.wait_ready()
    households = _households(size, seed=99)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0, c0 = time.perf_counter(), time.process_time()
    if kind == "fast":
        results = engine.simulate(households, PERIOD)
    else:
        results = engine.naive_vectorised(households, PERIOD)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    assert len(results) == size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(
        json.dumps(
            {
                "rate": size / elapsed,
                "seconds": elapsed,
                "cpu_rate": size / cpu,
                "load": os.getloadavg()[0],
                "peak_rss_mb": peak / 1024,
                "rss_before_mb": before / 1024,
            }
        )
    )


def _identity_main(size: int) -> None:
    from relais.rights import engine

    engine.wait_ready()
    households = _households(size, seed=2014)
    t0 = time.perf_counter()
    mismatches, worst = 0, []
    for start in range(0, size, IDENTITY_CHUNK):
        chunk = households[start : start + IDENTITY_CHUNK]
        fast = engine.simulate(chunk, PERIOD, chunk_size=IDENTITY_CHUNK)
        naive = engine.naive_vectorised(chunk, PERIOD)
        for index, (a, b) in enumerate(zip(fast, naive, strict=True)):
            differing = [name for name in engine.ALL_VARIABLES if abs(a.values[name] - b.values[name]) >= 0.005]
            if differing:
                mismatches += 1
                worst.append((start + index, differing[:3]))
    print(
        json.dumps(
            {
                "mismatches": mismatches,
                "first": worst[:5],
                "seconds": time.perf_counter() - t0,
                "load": os.getloadavg()[0],
            }
        )
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except Exception:  # noqa: BLE001 — server not up yet
        return 0, b""


def _first_page():
    """Start granian with the engine preloading; the first page must come before the engine."""
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), RIGHTS_ENGINE_PRELOAD="1", DJANGO_SETTINGS_MODULE="config.settings")
    granian = Path(sys.executable).parent / "granian"
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [
            str(granian),
            "--interface",
            "wsgi",
            "config.wsgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    first_page = engine_ready = None
    engine_ready_at_first_page = None
    try:
        deadline = time.perf_counter() + 180
        while time.perf_counter() < deadline and (first_page is None or engine_ready is None):
            if first_page is None:
                status, _ = _get(f"http://127.0.0.1:{port}/droits/")
                if status == 200:
                    first_page = (time.perf_counter() - t0) * 1000
                    _, body = _get(f"http://127.0.0.1:{port}/api/v1/rights/status", timeout=5)
                    engine_ready_at_first_page = bool(body) and json.loads(body)["ready"]
            if first_page is not None and engine_ready is None:
                status, body = _get(f"http://127.0.0.1:{port}/api/v1/rights/status", timeout=5)
                if status == 200 and json.loads(body)["ready"]:
                    engine_ready = (time.perf_counter() - t0) * 1000
            time.sleep(0.05)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    if first_page is None:
        return
    yield {
        "bench": "rights.first_page_before_engine_ms",
        "value": round(first_page),
        "unit": "ms",
        "engine_ready_ms": round(engine_ready) if engine_ready else None,
        "engine_ready_when_first_page_served": engine_ready_at_first_page,
        "note": "from granian start; first page /droits/ vs engine ready (/api/v1/rights/status)",
    }


def run(only: str):
    yield from _household_latency()
    fast = _batch_subprocess("fast", BATCH_SIZE)
    yield {
        "bench": "rights.batch_rate",
        "value": round(fast["rate"]),
        "unit": "households/s",
        "households": BATCH_SIZE,
        "target": 2500,
        "per_cpu_second": round(fast["cpu_rate"]),
        "load": round(fast["load"], 1),
    }
    yield {
        "bench": "rights.batch_peak_rss",
        "value": round(fast["peak_rss_mb"]),
        "unit": "MB",
        "households": BATCH_SIZE,
        "engine_only_mb": round(fast["rss_before_mb"]),
        "target": 1500,
    }
    naive = _batch_subprocess("naive", NAIVE_BATCH_SIZE)
    yield {
        "bench": "rights.naive_batch_rate",
        "value": round(naive["rate"]),
        "unit": "households/s",
        "households": NAIVE_BATCH_SIZE,
        "peak_rss_mb": round(naive["peak_rss_mb"]),
        "per_cpu_second": round(naive["cpu_rate"]),
        "load": round(naive["load"], 1),
    }
    identity = _batch_subprocess("identity", IDENTITY_COUNT)
    yield {
        "bench": "rights.identity_mismatches",
        "value": identity["mismatches"],
        "unit": "households",
        "households": IDENTITY_COUNT,
        "target": 0,
        "first": identity["first"],
        "seconds": round(identity["seconds"]),
        "load": round(identity["load"], 1),
    }
    yield from _first_page()


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "--batch":
    _batch_main(sys.argv[2], int(sys.argv[3]))
