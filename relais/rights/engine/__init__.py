"""The OpenFisca-France engine: one tax-benefit system per process, vectorised simulations.

- The tax-benefit system (TBS) takes seconds to build. It is built once per process, in a
  background thread started when the web or the task worker starts (`start()`); a web request
  never builds it: it asks `is_ready()` and shows "calcul en préparation" until then.
- `simulate(households, period)` computes every benefit for many households in ONE vectorised
  simulation per chunk (persons and groups declared with numpy arrays, inputs set once per
  month for the whole chunk). One household is a chunk of one.
- `naive_simulate(household, period)` is the straightforward reference: OpenFisca's situation
  dict, `SimulationBuilder().build_from_entities`, then every benefit (`naive_batch`: all
  households in one dict; `naive_vectorised`: arrays, plain Simulation, no chunks). Tests prove
  they all give the same amounts to the cent; benchmarks compare their speed.

Why the naive computation is slow, and what the fast one does (results identical):
- OpenFisca's cost for one family is per formula call, not per person: the CSS alone (`cmu_c`)
  reads 12 past months of ~25 resource kinds and of every benefit of those months, each with
  its own windows (≈ 6,000 formula runs). About 400 of the variables involved cannot change in
  Relais's input space (capital income, self-employment, tax boxes…): `FastSimulation` returns
  their default instead of running them (relais/rights/analysis.py derives the list).
- Values already computed are returned straight from memory; pure period arithmetic
  (`Instant.offset`, `Period.stop`, `Period.get_subperiods`, via pendulum) is memoised;
  `has_role` answers are kept per simulation; vector-indexed parameters are computed once per
  distinct key instead of once per person; plain `individu(...)` calls skip re-validation.
  These are active only inside the fast engine (`_ACCELERATED`), never in the naive path.
- Many households share one simulation (chunks of DEFAULT_CHUNK_SIZE keep memory bounded).

Layout: this module keeps the process-wide state (build, readiness) and the entry points;
`benefits` (what is computed, errors, results), `vectorised` (the fast chunked path),
`acceleration` (OpenFisca shortcuts active only in the fast path).
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from dataclasses import dataclass, field

from relais.rights.engine.acceleration import ACCELERATED as _ACCELERATED  # noqa: F401 (tests read it here)
from relais.rights.engine.acceleration import GUARDED_CONSTANTS
from relais.rights.engine.benefits import (
    ALL_VARIABLES,
    BENEFIT_KEYS,
    BENEFITS,
    INDIVIDUAL_VARIABLES,
    YEARLY_VARIABLES,
    Benefit,
    EngineFailure,
    EngineNotReady,
    HouseholdResult,
)
from relais.rights.engine.vectorised import run_chunk as _run_chunk
from relais.rights.engine.vectorised import simulate_chunk as _simulate_chunk
from relais.rights.household import Adult, Child, Household
from relais.rights.inputs import situation

__all__ = [
    "ALL_VARIABLES",
    "BENEFIT_KEYS",
    "BENEFITS",
    "DEFAULT_CHUNK_SIZE",
    "GUARDED_CONSTANTS",
    "INDIVIDUAL_VARIABLES",
    "YEARLY_VARIABLES",
    "Benefit",
    "EngineFailure",
    "EngineNotReady",
    "HouseholdResult",
    "build_seconds",
    "failed",
    "is_ready",
    "naive_batch",
    "naive_simulate",
    "naive_simulate_situation",
    "naive_vectorised",
    "rules_date",
    "simulate",
    "simulate_one",
    "start",
    "tax_benefit_system",
    "wait_ready",
]

logger = logging.getLogger(__name__)

DEFAULT_CHUNK_SIZE = 5_000


# --- The tax-benefit system, once per process --------------------------------------------------
@dataclass
class _EngineState:
    lock: threading.Lock = field(default_factory=threading.Lock)
    ready: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None
    tbs: object = None
    error: BaseException | None = None
    started_at: float = 0.0
    build_seconds: float = 0.0
    rules_date: datetime.date | None = None


_state = _EngineState()


def _build_tbs():
    from openfisca_france import CountryTaxBenefitSystem

    return CountryTaxBenefitSystem()


def _build() -> None:
    started = time.monotonic()
    try:
        tbs = _build_tbs()
        rules_date = _latest_parameter_date(tbs.parameters.prestations_sociales)
        # Warm the parameter caches with one tiny simulation so the first real one is fast.
        _warm_up(tbs)
    except BaseException as exc:  # noqa: BLE001 — kept and shown as "engine failure"
        logger.exception("OpenFisca tax-benefit system failed to build")
        _state.error = exc
    else:
        _state.tbs = tbs
        _state.rules_date = rules_date
    finally:
        _state.build_seconds = time.monotonic() - started
        _state.ready.set()


def start() -> None:
    """Build the engine in a background thread (idempotent, non-blocking)."""
    with _state.lock:
        if _state.thread is not None or _state.ready.is_set():
            return
        _state.started_at = time.monotonic()
        _state.thread = threading.Thread(target=_build, name="openfisca-build", daemon=True)
        _state.thread.start()


def wait_ready(timeout: float | None = None) -> bool:
    """Start the build if needed and wait for it (task worker, tests, benchmarks — never a request)."""
    start()
    return _state.ready.wait(timeout)


def is_ready() -> bool:
    return _state.ready.is_set() and _state.tbs is not None


def failed() -> bool:
    return _state.ready.is_set() and _state.error is not None


def build_seconds() -> float:
    return _state.build_seconds


def rules_date() -> datetime.date | None:
    return _state.rules_date


def tax_benefit_system():
    if not _state.ready.is_set():
        start()
        raise EngineNotReady("Le calcul est en préparation.")
    if _state.tbs is None:
        raise EngineFailure("Le moteur de calcul n'a pas pu démarrer.") from _state.error
    return _state.tbs


def _latest_parameter_date(node) -> datetime.date:
    """The latest date at which a parameter under `node` changes."""
    from openfisca_core.parameters import Parameter, ParameterNode

    latest = "0000-00-00"
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Parameter):
            for value in item.values_list:
                latest = max(latest, value.instant_str)
        elif isinstance(item, ParameterNode):
            stack.extend(item.children.values())
        else:  # scales
            for bracket in getattr(item, "brackets", []):
                stack.extend(getattr(bracket, "children", {}).values())
    return datetime.date.fromisoformat(latest)


def _warm_up(tbs) -> None:
    period = datetime.date.today().strftime("%Y-%m")
    sample = Household(adults=(Adult(age=35, salary=900),), children=(Child(age=8),), rent=450, depcom="75056")
    _simulate_chunk(tbs, [sample], period)


# --- Entry points ---------------------------------------------------------------------------------
def simulate(
    households: list[Household], period: str, *, chunk_size: int = DEFAULT_CHUNK_SIZE, progress=None
) -> list[HouseholdResult]:
    """Every benefit for every household, chunk by chunk (memory stays bounded).

    `progress(done, total)` is called after each chunk. Raises EngineNotReady / EngineFailure."""
    tbs = tax_benefit_system()
    results: list[HouseholdResult] = []
    total = len(households)
    for start_index in range(0, total, chunk_size):
        chunk = households[start_index : start_index + chunk_size]
        try:
            results.extend(_simulate_chunk(tbs, chunk, period))
        except (EngineNotReady, EngineFailure):
            raise
        except Exception as exc:
            logger.exception("OpenFisca simulation failed")
            raise EngineFailure("Le calcul a échoué.") from exc
        if progress is not None:
            progress(len(results), total)
    return results


def simulate_one(household: Household, period: str) -> HouseholdResult:
    return simulate([household], period)[0]


# --- Naive reference -----------------------------------------------------------------------------
def naive_simulate(household: Household, period: str, tbs=None) -> HouseholdResult:
    """Straightforward reference: the situation dict, a new simulation, every variable."""
    return naive_simulate_situation(situation(household, period), period, tbs=tbs)


def naive_simulate_situation(situation_dict: dict, period: str, tbs=None) -> HouseholdResult:
    from openfisca_core.simulation_builder import SimulationBuilder

    tbs = tbs or tax_benefit_system()
    simulation = SimulationBuilder().build_from_entities(tbs, situation_dict)
    values = {}
    for variable in ALL_VARIABLES:
        array = simulation.calculate(variable, period[:4] if variable in YEARLY_VARIABLES else period)
        values[variable] = float(array.sum())  # one family: aah summed over its members
        if variable in INDIVIDUAL_VARIABLES:  # persons in order: demandeur, conjoint, children
            adults = len(situation_dict["familles"]["famille"]["parents"])
            values[f"{variable}_adult0"] = float(array[0])
            values[f"{variable}_adult1"] = float(array[1]) if adults == 2 else 0.0
    return HouseholdResult(values=values, period=period)


def naive_vectorised(households: list[Household], period: str, tbs=None) -> list[HouseholdResult]:
    """Straightforward vectorised batch: persons and groups as arrays, plain OpenFisca
    `Simulation` and `set_input` for every month, one simulation for all, no chunking, no
    acceleration (the usual way to run OpenFisca on many households; benchmark baseline)."""
    tbs = tbs or tax_benefit_system()
    return _run_chunk(tbs, households, period, plain=True)


def naive_batch(households: list[Household], period: str, tbs=None) -> list[HouseholdResult]:
    """Straightforward batch: all households in one situation dict, one simulation, no chunks."""
    from openfisca_core.simulation_builder import SimulationBuilder

    tbs = tbs or tax_benefit_system()
    merged: dict[str, dict] = {"individus": {}, "familles": {}, "foyers_fiscaux": {}, "menages": {}}
    for index, household in enumerate(households):
        single = situation(household, period)
        rename = {pid: f"h{index}_{pid}" for pid in single["individus"]}
        for pid, person in single["individus"].items():
            merged["individus"][rename[pid]] = person
        for plural in ("familles", "foyers_fiscaux", "menages"):
            for key, single_group in single[plural].items():
                group = {}
                for name, value in single_group.items():
                    group[name] = [rename[p] for p in value] if isinstance(value, list) else value
                merged[plural][f"h{index}_{key}"] = group
    simulation = SimulationBuilder().build_from_entities(tbs, merged)
    familles = simulation.populations["famille"]
    columns = {}
    for variable in ALL_VARIABLES:
        array = simulation.calculate(variable, period[:4] if variable in YEARLY_VARIABLES else period)
        columns[variable] = familles.sum(array) if variable in INDIVIDUAL_VARIABLES else array
    return [
        HouseholdResult(values={name: float(column[i]) for name, column in columns.items()}, period=period)
        for i in range(len(households))
    ]
