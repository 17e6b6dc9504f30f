"""Guards around the engine for simulations asked by anyone (questionnaire and API).

- `SimulationSlots`: at most RIGHTS_SIMULATE_CONCURRENCY simulations run at once in one process; one
  more is refused at once (`SimulatorBusy`, 503 with Retry-After) instead of queuing a web thread
  behind seconds of CPU, so the other pages keep their threads.
- `ResultCache`: identical answers (same household and month) get the same result without calling
  the engine: keyed by a SHA-256 of the normalised household and the month, at most
  RIGHTS_SIMULATE_CACHE_SIZE entries per process (least recently used dropped), emptied when the
  rules date of the engine changes."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from collections import OrderedDict

from django.conf import settings
from django.utils.translation import gettext as _

from relais.core.errors import DomainError
from relais.rights import engine
from relais.rights.household import Household

BUSY_RETRY_AFTER = 5


class SimulatorBusy(DomainError):
    status = 503
    default_message = "Le calculateur est très demandé en ce moment."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message or _("Le calculateur est très demandé en ce moment : réessayez dans quelques secondes.")
        )
        self.retry_after = BUSY_RETRY_AFTER


class SimulationSlots:
    """A non-blocking counting semaphore whose size is read from the settings at each call."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.running = 0

    def try_acquire(self) -> bool:
        with self._lock:
            if self.running >= max(1, int(settings.RIGHTS_SIMULATE_CONCURRENCY)):
                return False
            self.running += 1
            return True

    def release(self) -> None:
        with self._lock:
            self.running -= 1


def household_key(household: Household, period: str) -> str:
    """SHA-256 of the normalised answers: field order and int/float spelling do not matter."""

    def normalise(value):
        if isinstance(value, bool) or value is None or isinstance(value, str):
            return value
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, dict):
            return {key: normalise(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [normalise(item) for item in value]
        if isinstance(value, frozenset | set):
            return sorted(normalise(item) for item in value)
        return str(value)

    text = json.dumps([normalise(dataclasses.asdict(household)), period], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class ResultCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, engine.HouseholdResult] = OrderedDict()
        self._rules_date = None

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def get(self, key: str, rules_date):
        with self._lock:
            if rules_date != self._rules_date:
                self._entries.clear()
                self._rules_date = rules_date
                return None
            result = self._entries.get(key)
            if result is not None:
                self._entries.move_to_end(key)
            return result

    def put(self, key: str, rules_date, result) -> None:
        size = int(settings.RIGHTS_SIMULATE_CACHE_SIZE)
        if size <= 0:
            return
        with self._lock:
            if rules_date != self._rules_date:
                self._entries.clear()
                self._rules_date = rules_date
            self._entries[key] = result
            self._entries.move_to_end(key)
            while len(self._entries) > size:
                self._entries.popitem(last=False)


slots = SimulationSlots()
cache = ResultCache()


def simulate_guarded(household: Household, period: str) -> engine.HouseholdResult:
    """One household through the cache, then through a free slot. Raises SimulatorBusy, and the
    engine's EngineNotReady / EngineFailure."""
    key = household_key(household, period)
    rules_date = engine.rules_date()
    result = cache.get(key, rules_date)
    if result is not None:
        return result
    if not slots.try_acquire():
        raise SimulatorBusy()
    try:
        result = engine.simulate_one(household, period)
    finally:
        slots.release()
    cache.put(key, engine.rules_date(), result)
    return result
