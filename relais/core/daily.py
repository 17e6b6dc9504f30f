"""Registry of the daily jobs run by `manage.py daily_jobs` (and by `serve`, every hour).

Expiries, reminders and automatic invitations are due on a given day: each app registers, in a
module listed in its app config's `modules`, the function that does its share with
`register_daily`. Every job must be idempotent (a conditional UPDATE claims each reminder), so
running them every hour, on several machines, or twice after a restart is harmless; a job that
fails is reported and the others still run. The base layer never imports a domain."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyJob:
    name: str
    run: Callable[[], Any]
    #: what the job does, in plain French, for the command's help and report
    description: str


@dataclass(frozen=True)
class DailyResult:
    name: str
    description: str
    result: Any = None
    error: str = ""


_JOBS: dict[str, DailyJob] = {}


def register_daily(name: str, *, description: str):
    """Declare a daily job (decorator). The same name again replaces it (modules may be re-imported)."""

    def decorator(fn):
        _JOBS[name] = DailyJob(name=name, run=fn, description=description)
        return fn

    return decorator


def registered_daily_jobs() -> list[DailyJob]:
    return [_JOBS[name] for name in sorted(_JOBS)]


def run_daily_jobs(only: str = "") -> list[DailyResult]:
    """Run every registered job (or the one named `only`) in name order; a failure does not stop the others."""
    results: list[DailyResult] = []
    for job in registered_daily_jobs():
        if only and job.name != only:
            continue
        try:
            results.append(DailyResult(job.name, job.description, result=job.run()))
        except Exception as exc:  # reported, logged, and the next job runs
            logger.exception("daily job %s failed", job.name)
            results.append(DailyResult(job.name, job.description, error=f"{type(exc).__name__}: {exc}"))
    return results
