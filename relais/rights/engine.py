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
"""

from __future__ import annotations

import contextvars
import datetime
import logging
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from relais.rights.household import (
    MENAGE_MONTHLY_VARIABLES,
    PERSON_MONTHLY_VARIABLES,
    Household,
    birth_date,
    menage_values,
    months_for,
    person_values,
    situation,
)

logger = logging.getLogger(__name__)

DEFAULT_CHUNK_SIZE = 5_000


@dataclass(frozen=True)
class Benefit:
    key: str
    variables: tuple[str, ...]  # OpenFisca variables computed for this benefit
    yearly: bool = False


# Order = order of display. Every variable here is computed by both paths.
BENEFITS: tuple[Benefit, ...] = (
    Benefit("rsa", ("rsa",)),
    Benefit("ppa", ("ppa",)),
    Benefit("aide_logement", ("aide_logement", "apl", "alf", "als")),
    Benefit("af", ("af",)),
    Benefit("asf", ("asf",)),
    Benefit("cf", ("cf",)),
    Benefit("aah", ("aah",)),
    Benefit("aspa", ("aspa",)),
    Benefit("css", ("cmu_c", "css_participation_forfaitaire")),
    Benefit("ars", ("ars",), yearly=True),
)
BENEFIT_KEYS = tuple(b.key for b in BENEFITS)
INDIVIDUAL_VARIABLES = frozenset({"aah"})  # computed per person, summed over the family
YEARLY_VARIABLES = frozenset({"ars"})
ALL_VARIABLES = tuple(v for b in BENEFITS for v in b.variables)


class EngineNotReady(RuntimeError):
    """The tax-benefit system is still being built."""


class EngineFailure(RuntimeError):
    """OpenFisca failed (build or computation)."""


@dataclass
class HouseholdResult:
    """Raw OpenFisca values (floats, not rounded) of one household for `period`."""

    values: dict[str, float]
    period: str

    def amount(self, key: str) -> float:
        """Monthly amount of a benefit (ARS: the yearly amount; CSS: the monthly contribution)."""
        if key == "aide_logement":
            return self.values["aide_logement"]
        if key == "css":
            return self.values["css_participation_forfaitaire"]
        return self.values[key]

    def granted(self, key: str) -> bool:
        if key == "css":
            return bool(self.values["cmu_c"]) or self.values["css_participation_forfaitaire"] > 0
        return round(self.amount(key)) > 0

    def housing_kind(self) -> str:
        for name in ("apl", "alf", "als"):
            if self.values[name] > 0:
                return name
        return ""


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
    from relais.rights.household import Adult, Child

    period = datetime.date.today().strftime("%Y-%m")
    sample = Household(adults=(Adult(age=35, salary=900),), children=(Child(age=8),), rent=450, depcom="75056")
    _simulate_chunk(tbs, [sample], period)


# --- Vectorised simulation -----------------------------------------------------------------------
_fast_simulation_class = None
# True while the fast engine computes: only then are period computations memoised (the naive
# reference path runs OpenFisca untouched).
_ACCELERATED: contextvars.ContextVar[bool] = contextvars.ContextVar("relais_rights_accelerated", default=False)
_period_cache_installed = False
_INSTALL_LOCK = threading.Lock()


def _install_period_cache() -> None:
    """Memoise pure period functions that dominate OpenFisca's per-formula overhead:
    `Instant.offset` (a fifth of the time for one household, through pendulum),
    `Period.stop` and `Period.get_subperiods` (every `options=[ADD]`). Periods and instants are immutable tuples,
    so a cached answer is exactly the computed one. Active only inside `_ACCELERATED`."""
    global _period_cache_installed
    with _INSTALL_LOCK:
        if not _period_cache_installed:
            _install_period_cache_locked()
            _period_cache_installed = True


def _install_period_cache_locked() -> None:
    from openfisca_core.periods import Instant, Period

    original_offset = Instant.offset
    original_subperiods = Period.get_subperiods
    offsets: dict = {}
    subperiods: dict = {}

    def offset(self, offset, unit):
        if not _ACCELERATED.get():
            return original_offset(self, offset, unit)
        key = (self, offset, unit)
        result = offsets.get(key)
        if result is None:
            result = offsets[key] = original_offset(self, offset, unit)
        return result

    def get_subperiods(self, unit):
        if not _ACCELERATED.get():
            return original_subperiods(self, unit)
        key = (self, unit)
        result = subperiods.get(key)
        if result is None:
            result = subperiods[key] = tuple(original_subperiods(self, unit))
        return list(result)

    original_stop = Period.stop.fget
    stops: dict = {}

    def stop(self):
        if not _ACCELERATED.get():
            return original_stop(self)
        result = stops.get(self)
        if result is None:
            result = stops[self] = original_stop(self)
        return result

    Period.stop = property(stop, doc=Period.stop.__doc__)
    offset.__doc__ = original_offset.__doc__
    get_subperiods.__doc__ = original_subperiods.__doc__
    Instant.offset = offset
    Period.get_subperiods = get_subperiods
    _install_vectorial_parameters()
    _install_role_cache()
    _install_population_call()


def _install_population_call() -> None:
    """`individu('salaire_net', period)` validates the variable's entity and period on every
    call before asking the simulation. Inside `_ACCELERATED`, a plain call (no ADD/DIVIDE) goes
    straight to `simulation.calculate`: the formulas are the same as in the naive run, where
    these checks pass (the identity tests replay them), so the result is the same."""
    from openfisca_core.periods import Period
    from openfisca_core.populations._core_population import CorePopulation

    original = CorePopulation.__call__

    def call(self, variable_name, period, options=None):
        if options is None and self.simulation is not None and isinstance(period, Period) and _ACCELERATED.get():
            return self.simulation.calculate(variable_name, period)
        return original(self, variable_name, period, options)

    call.__doc__ = original.__doc__
    CorePopulation.__call__ = call


def _install_role_cache() -> None:
    """`has_role` compares object arrays of roles element by element; the group structure of a
    simulation never changes, so inside `_ACCELERATED` each answer is kept per population."""
    from openfisca_core import projectors
    from openfisca_core.populations import Population

    original = Population.has_role

    @projectors.projectable
    def has_role(self, role):
        if not _ACCELERATED.get():
            return original(self, role)
        cache = self.__dict__.setdefault("_relais_has_role", {})
        key = (role.entity.key, role.key)
        if key not in cache:
            cache[key] = original(self, role)
        result = cache[key]
        return None if result is None else result.copy()

    has_role.__doc__ = original.__doc__
    Population.has_role = has_role


def _install_vectorial_parameters() -> None:
    """Fancy indexing of parameters by a vector (`P.n_nombre_parts[categorie]`) loops in Python
    over every person or family: in a batch of thousands it is half the time. Inside
    `_ACCELERATED`, the node keeps the few distinct sub-nodes and, for each element, the index
    of its sub-node; leaves are expanded with numpy (`values[inverse]`), giving the same arrays."""
    from openfisca_core import parameters
    from openfisca_core.parameters.vectorial_parameter_node_at_instant import (
        VectorialParameterNodeAtInstant as V,
    )

    original_build = V.build_from_node_name

    class CompressedNode(V):
        def __init__(self, unique, inverse, name, instant_str) -> None:
            self.unique = unique
            self.inverse = inverse
            self._name = name
            self._instant_str = instant_str

        @property
        def vector(self):
            return [self.unique[i] for i in self.inverse]

        def __getattr__(self, attribute):
            if attribute.startswith("__") or attribute in {"unique", "inverse"}:
                raise AttributeError(attribute)
            return self[attribute]

        def __getitem__(self, key):
            if isinstance(key, str):
                return _expand([node[key] for node in self.unique], self.inverse, self._name, self._instant_str)
            keys = np.asarray(V._get_appropriate_keys(key))
            if keys.dtype == object or keys.dtype.kind not in "USi":
                return V(self.vector, self._name, self._instant_str)[key]
            key_values, key_inverse = np.unique(keys, return_inverse=True)
            pairs = self.inverse * len(key_values) + key_inverse.reshape(-1)
            unique_pairs, pair_inverse = np.unique(pairs, return_inverse=True)
            nodes = [
                self.unique[pair // len(key_values)][_subnode_key(key_values[pair % len(key_values)])]
                for pair in unique_pairs
            ]
            return _expand(nodes, pair_inverse.reshape(-1), self._name, self._instant_str)

    def _subnode_key(value):
        return str(value) if isinstance(value, (np.integer, np.str_)) else value

    def _expand(nodes, inverse, name, instant_str):
        if isinstance(nodes[0], parameters.ParameterNodeAtInstant):
            return CompressedNode(nodes, inverse, name, instant_str)
        return np.array(nodes)[inverse]

    def build_from_node_name(node, key):
        if not _ACCELERATED.get():
            return original_build(node, key)
        V.check_node_vectorisable(node)
        keys = np.asarray(V._get_appropriate_keys(key))
        if keys.dtype == object or len(keys) == 0:
            return original_build(node, key)
        get_subnode_key = V._get_appropriate_subnode_function(keys[0])
        key_values, inverse = np.unique(keys, return_inverse=True)
        nodes = [node[get_subnode_key(node, value)] for value in key_values]
        return _expand(nodes, inverse.reshape(-1), node._name, node._instant_str)

    V.build_from_node_name = staticmethod(build_from_node_name)


def _fast_simulation():
    """A Simulation subclass returning the default value of variables that cannot change in
    Relais's input space (see relais/rights/analysis.py) instead of running their formulas."""
    global _fast_simulation_class
    if _fast_simulation_class is not None:
        return _fast_simulation_class
    with _INSTALL_LOCK:
        if _fast_simulation_class is None:
            _fast_simulation_class = _make_fast_simulation()
    return _fast_simulation_class


def _make_fast_simulation():
    from openfisca_core.simulations import Simulation

    from relais.rights.analysis import GUARDED_CONSTANTS
    from relais.rights.constant_variables import CONSTANT_VARIABLES

    constants = CONSTANT_VARIABLES | frozenset(GUARDED_CONSTANTS)

    from openfisca_core.periods import Period

    class FastSimulation(Simulation):
        """Two shortcuts, both returning what `Simulation.calculate` would return:
        constant variables give their default array; values already computed for this period
        are returned from the holder's memory without the bookkeeping around a calculation."""

        def calculate(self, variable_name, period):
            if variable_name in constants:
                cache = self.__dict__.setdefault("_relais_defaults", {})
                array = cache.get(variable_name)
                if array is None:
                    population = self.get_variable_population(variable_name)
                    array = cache[variable_name] = population.get_holder(variable_name).default_array()
                return array
            if isinstance(period, Period):
                holders = self.__dict__.setdefault("_relais_holders", {})
                holder = holders.get(variable_name)
                if holder is None:
                    holder = holders[variable_name] = self.get_variable_population(variable_name).get_holder(variable_name)
                value = holder._memory_storage._arrays.get(period)
                if value is not None:
                    return value
            return super().calculate(variable_name, period)

    return FastSimulation


_ROLE_KEYS = {
    # entity: (first adult, second adult, child) — OpenFisca sub-role keys
    "famille": ("demandeur", "conjoint", "enfant"),
    "foyer_fiscal": ("declarant_principal", "conjoint", "personne_a_charge"),
    "menage": ("personne_de_reference", "conjoint", "enfant"),
}


def _month_period(month: str):
    from openfisca_core import periods

    return periods.period(month)


def _simulate_chunk(tbs, households: list[Household], period: str) -> list[HouseholdResult]:
    _install_period_cache()
    token = _ACCELERATED.set(True)
    try:
        return _run_chunk(tbs, households, period)
    finally:
        _ACCELERATED.reset(token)


def _run_chunk(tbs, households: list[Household], period: str, *, plain: bool = False) -> list[HouseholdResult]:
    """One vectorised simulation for `households` (plain=True: OpenFisca untouched, baseline)."""
    from openfisca_core.simulation_builder import SimulationBuilder

    months = months_for(period)
    n_households = len(households)
    person_household: list[int] = []
    person_kind: list[int] = []  # 0 first adult, 1 second adult, 2 child
    births: list[str] = []
    person_rows: list[dict] = []
    child_row = person_values(None)
    for index, household in enumerate(households):
        for position, adult in enumerate(household.adults):
            person_household.append(index)
            person_kind.append(position)
            births.append(birth_date(adult.age, period))
            person_rows.append(person_values(adult))
        for child in household.children:
            person_household.append(index)
            person_kind.append(2)
            births.append(birth_date(child.age, period))
            person_rows.append(child_row)
    n_persons = len(person_household)
    assignment = np.asarray(person_household, dtype=np.int64)
    kinds = np.asarray(person_kind, dtype=np.int64)

    builder = SimulationBuilder()
    builder.create_entities(tbs)
    builder.declare_person_entity("individu", np.arange(n_persons))
    group_ids = np.arange(n_households)
    for entity, role_keys in _ROLE_KEYS.items():
        population = builder.declare_entity(entity, group_ids)
        builder.join_with_persons(population, assignment, np.asarray(role_keys)[kinds])
    if plain:
        simulation = builder.build(tbs)
    else:
        simulation = _fast_simulation()(tbs, builder.populations)

    simulation.set_input("date_naissance", "ETERNITY", np.asarray(births, dtype="datetime64[D]"))
    month_periods = [_month_period(month) for month in months]
    menage_rows = [menage_values(household) for household in households]
    for names, rows in ((PERSON_MONTHLY_VARIABLES, person_rows), (MENAGE_MONTHLY_VARIABLES, menage_rows)):
        for name in names:
            if plain:
                values = np.asarray([row[name] for row in rows])
                for month in months:
                    simulation.set_input(name, month, values)
                continue
            # Same value every month: convert once (dtype, enum encoding), then store it for
            # each month through the holder (what `set_input` does after its checks).
            simulation.set_input(name, months[-1], np.asarray([row[name] for row in rows]))
            holder = simulation.get_holder(name)
            array = holder.get_array(month_periods[-1])
            for month_period in month_periods[:-1]:
                holder._set(month_period, array)

    familles = simulation.populations["famille"]
    columns: dict[str, np.ndarray] = {}
    for variable in ALL_VARIABLES:
        if variable in YEARLY_VARIABLES:
            array = simulation.calculate(variable, period[:4])
        else:
            array = simulation.calculate(variable, period)
        if variable in INDIVIDUAL_VARIABLES:
            array = familles.sum(array)
        columns[variable] = array
    return [
        HouseholdResult(values={name: float(column[index]) for name, column in columns.items()}, period=period)
        for index in range(n_households)
    ]


def simulate(households: list[Household], period: str, *, chunk_size: int = DEFAULT_CHUNK_SIZE,
             progress=None) -> list[HouseholdResult]:
    """Every benefit for every household, chunk by chunk (memory stays bounded).

    `progress(done, total)` is called after each chunk. Raises EngineNotReady / EngineFailure."""
    tbs = tax_benefit_system()
    results: list[HouseholdResult] = []
    total = len(households)
    for start_index in range(0, total, chunk_size):
        chunk = households[start_index:start_index + chunk_size]
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
        for plural, key in (("familles", "famille"), ("foyers_fiscaux", "foyer"), ("menages", "menage")):
            group = {}
            for name, value in single[plural][key].items():
                group[name] = [rename[p] for p in value] if isinstance(value, list) else value
            merged[plural][f"h{index}"] = group
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
