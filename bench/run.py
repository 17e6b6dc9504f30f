"""Run the benchmarks: `python bench/run.py [PREFIX]` (or `make bench ONLY=PREFIX`).

Every `bench/bench_*.py` module defines `run(only: str) -> Iterable[dict]`, yielding one dict
per figure: {"bench": name, "value": number, "unit": unit, ...}. A module that declares
`DATABASES = ["sqlite", "postgresql"]` runs once per database, in its own process, with
DATABASE_URL pointing at a throwaway benchmark database, and each of its lines gets a "db"
field. Modules whose names cannot match PREFIX are not even started. Output: one JSON object
per line on stdout; progress goes to stderr."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/relais_bench")


def module_info(path: Path) -> tuple[list[str], list[str]]:
    """(DATABASES, PREFIXES) read from the module without importing it."""
    databases: list[str] = []
    prefixes: list[str] = []
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in {"DATABASES", "PREFIXES"}:
                value = ast.literal_eval(node.value)
                (databases if node.targets[0].id == "DATABASES" else prefixes).extend(value)
    return databases, prefixes


def wanted(prefixes: list[str], only: str) -> bool:
    if not only or not prefixes:
        return True
    return any(p.startswith(only) or only.startswith(p) for p in prefixes)


def ensure_pg_database() -> None:
    dbname = PG_URL.rsplit("/", 1)[1]
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", f"CREATE DATABASE {dbname}"],
        capture_output=True,
    )


def main() -> int:
    only = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ONLY", "")
    CACHE.mkdir(parents=True, exist_ok=True)
    failures = 0
    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        databases, prefixes = module_info(path)
        if not wanted(prefixes, only):
            continue
        for db in databases or [None]:
            env = dict(
                os.environ,
                PYTHONPATH=str(ROOT),
                DJANGO_SETTINGS_MODULE="config.settings",
                RELAIS_VAR_DIR=str(CACHE / "var"),
                RELAIS_BENCH_ONLY=only,
            )
            env.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
            if db == "postgresql":
                ensure_pg_database()
                env["DATABASE_URL"] = PG_URL
            elif db == "sqlite":
                env["DATABASE_URL"] = f"sqlite:///{CACHE / 'bench.sqlite3'}"
            if db:
                env["RELAIS_BENCH_DB"] = db
            print(f"# {path.stem}{' on ' + db if db else ''}", file=sys.stderr, flush=True)
            proc = subprocess.run(
                [sys.executable, str(ROOT / "bench" / "_one.py"), path.stem, only],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for line in proc.stdout.splitlines():
                line = line.strip()
                if not line.startswith("{"):
                    continue
                record = json.loads(line)
                if db:
                    record.setdefault("db", db)
                print(json.dumps(record, ensure_ascii=False), flush=True)
            if proc.returncode != 0:
                failures += 1
                print(f"# {path.stem} failed (exit {proc.returncode})", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
