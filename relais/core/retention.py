"""Registry of the retention purges run by `manage.py retention_purge`.

Each domain's `retention.py` (imported at start-up through its app config's `modules`) registers
its purge functions with `register_purge`; the command runs them all, in the order given by
`order` then `name`, so the base layer never imports a domain."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Purge:
    name: str
    order: int
    run: Callable[[], Any]
    #: turns what `run` returned into phrases for the command's report, e.g. ["documents effacés : 3"]
    describe: Callable[[Any], Sequence[str]]


_PURGES: dict[str, Purge] = {}


def register_purge(name: str, *, order: int, run: Callable[[], Any], describe: Callable[[Any], Sequence[str]]) -> None:
    """Declare a purge. Registering the same name twice replaces it (modules may be re-imported)."""
    _PURGES[name] = Purge(name=name, order=order, run=run, describe=describe)


def registered_purges() -> list[Purge]:
    return sorted(_PURGES.values(), key=lambda purge: (purge.order, purge.name))


def run_purges() -> list[str]:
    """Run every registered purge in a stable order; return the phrases of the report."""
    phrases: list[str] = []
    for purge in registered_purges():
        phrases.extend(purge.describe(purge.run()))
    return phrases
