"""Digital requirements: fitting a 12-megapixel phone photo under 1 MB (JPEG and HEIC).

Fixtures: a synthetic 4000×3000 "photo of a paper on a table" (noise, gradients, text-like
detail: ~3 MB as a phone JPEG, ~6 MB as HEIC), generated once into bench/.cache (the HEIC
encoder needs ~35 s for 12 MP). Timings run pinned to one core (os.sched_setaffinity)."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

PREFIXES = ["procedures.fit"]
MIGRATE = False

CACHE = Path(__file__).resolve().parent / ".cache"
LIMIT = 1_000_000


def _fixture(name: str, make) -> bytes:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / name
    if not path.exists():
        print(f"# generating {name} (once)…", file=sys.stderr, flush=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(make())
        tmp.replace(path)
    return path.read_bytes()


def _photo():
    from relais.documents import samples

    return samples.photo(4000, 3000, seed=7)


def jpeg_12mp() -> bytes:
    from relais.documents import samples

    return _fixture("documents_photo_12mp_v1.jpg", lambda: samples.jpeg_bytes(_photo(), quality=92))


def heic_12mp() -> bytes:
    from relais.documents import samples

    return _fixture("documents_photo_12mp_v2.heic", lambda: samples.heic_bytes(_photo(), quality=80))


def _pin_one_core() -> int:
    cpus = sorted(os.sched_getaffinity(0))
    cpu = cpus[-1]
    os.sched_setaffinity(0, {cpu})
    return cpu


def _measure(data: bytes, runs: int) -> tuple[list[float], object]:
    from relais.documents.processing import fit_image

    result = fit_image(data, max_bytes=LIMIT)  # warm-up (imports, decoder initialisation)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fit_image(data, max_bytes=LIMIT)
        timings.append((time.perf_counter() - start) * 1000)
    return timings, result


def run(only: str = ""):
    cases = [
        ("procedures.fit_jpeg_12mp.p50", jpeg_12mp, 15),
        ("procedures.fit_heic_12mp.p50", heic_12mp, 5),
    ]
    cases = [case for case in cases if not only or case[0].startswith(only) or only.startswith(case[0])]
    fixtures = [(name, make(), runs) for name, make, runs in cases]  # generate before pinning
    previous = os.sched_getaffinity(0)
    cpu = _pin_one_core()
    try:
        for name, data, runs in fixtures:
            timings, result = _measure(data, runs)
            yield {
                "bench": name,
                "value": round(statistics.median(timings), 1),
                "unit": "ms",
                "runs": runs,
                "max_ms": round(max(timings), 1),
                "input_bytes": len(data),
                "output_bytes": result.size,
                "output_px": f"{result.width}x{result.height}",
                "limit_bytes": LIMIT,
                "cpu": cpu,
            }
    finally:
        os.sched_setaffinity(0, previous)


if __name__ == "__main__":
    import json

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for record in run(sys.argv[1] if len(sys.argv) > 1 else ""):
        print(json.dumps(record))
