"""Accelerations of OpenFisca active only inside the fast engine (`ACCELERATED`), never in the
naive reference path: memoised period arithmetic, cached `has_role`, compressed vectorial
parameters, plain population calls, and `FastSimulation` returning the default value of the
variables that cannot change in Relais's input space (relais/rights/analysis.py derives them).

OpenFisca is imported inside the functions: it is heavy, and only the background build needs it."""

from __future__ import annotations

import contextvars
import threading

import numpy as np

from relais.rights.constant_variables import CONSTANT_VARIABLES

# Variables whose formula is multiplied by (or selected on) an input the questionnaire never
# sets, so they keep their default value — the trace analysis cannot see it because their
# formulas also read incomes. Reviewed by hand against openfisca-france 176.1.8, AND checked by
# `analysis.unsafe_to_skip` (tests/rights/test_identity_property.py): skipping a variable must
# not skip the computation of a variable in the AAH/ASI past-month loop. `ass` and
# `ass_eligibilite_individu` were here and are not any more: their value is always 0, but
# computing them computes `aah` and the ASS resources of past months inside their own call
# stack, which is where plain OpenFisca cuts the AAH/ASI loop (its "spiral" guard returns a
# default and discards the values computed inside); skipping them moved the cut and changed the
# CSS contribution and the prime d'activité of couples with a disabled adult (ADR 0015).
GUARDED_CONSTANTS = {
    "rente_accident_travail_salarie": "select(taux_accident_travail < 0.1 → 0); exposition_accident never set, "
    "so taux = accidents.taux.faible (about 2 %)",
    "rente_accident_travail_exploitant_agricole": "select(taux_accident_travail < 0.3 → 0); same taux",
    "rente_accident_travail": "where(…, exploitant agricole, salarié): both always 0 (above)",
}

_fast_simulation_class = None
# True while the fast engine computes: only then are period computations memoised (the naive
# reference path runs OpenFisca untouched).
ACCELERATED: contextvars.ContextVar[bool] = contextvars.ContextVar("relais_rights_accelerated", default=False)
_period_cache_installed = False
_INSTALL_LOCK = threading.Lock()


def install_period_cache() -> None:
    """Memoise pure period functions that dominate OpenFisca's per-formula overhead:
    `Instant.offset` (a fifth of the time for one household, through pendulum),
    `Period.stop` and `Period.get_subperiods` (every `options=[ADD]`). Periods and instants are immutable tuples,
    so a cached answer is exactly the computed one. Active only inside `ACCELERATED`."""
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
        if not ACCELERATED.get():
            return original_offset(self, offset, unit)
        key = (self, offset, unit)
        result = offsets.get(key)
        if result is None:
            result = offsets[key] = original_offset(self, offset, unit)
        return result

    def get_subperiods(self, unit):
        if not ACCELERATED.get():
            return original_subperiods(self, unit)
        key = (self, unit)
        result = subperiods.get(key)
        if result is None:
            result = subperiods[key] = tuple(original_subperiods(self, unit))
        return list(result)

    original_stop = Period.stop.fget
    stops: dict = {}

    def stop(self):
        if not ACCELERATED.get():
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
    call before asking the simulation. Inside `ACCELERATED`, a plain call (no ADD/DIVIDE) goes
    straight to `simulation.calculate`: the formulas are the same as in the naive run, where
    these checks pass (the identity tests replay them), so the result is the same."""
    from openfisca_core.periods import Period
    from openfisca_core.populations._core_population import CorePopulation

    original = CorePopulation.__call__

    def call(self, variable_name, period, options=None):
        if options is None and self.simulation is not None and isinstance(period, Period) and ACCELERATED.get():
            return self.simulation.calculate(variable_name, period)
        return original(self, variable_name, period, options)

    call.__doc__ = original.__doc__
    CorePopulation.__call__ = call


def _install_role_cache() -> None:
    """`has_role` compares object arrays of roles element by element; the group structure of a
    simulation never changes, so inside `ACCELERATED` each answer is kept per population."""
    from openfisca_core import projectors
    from openfisca_core.populations import Population

    original = Population.has_role

    @projectors.projectable
    def has_role(self, role):
        if not ACCELERATED.get():
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
    `ACCELERATED`, the node keeps the few distinct sub-nodes and, for each element, the index
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
        if not ACCELERATED.get():
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


def fast_simulation():
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
    from openfisca_core.periods import Period
    from openfisca_core.simulations import Simulation

    constants = CONSTANT_VARIABLES | frozenset(GUARDED_CONSTANTS)

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
                    holder = holders[variable_name] = self.get_variable_population(variable_name).get_holder(
                        variable_name
                    )
                value = holder._memory_storage._arrays.get(period)
                if value is not None:
                    return value
            return super().calculate(variable_name, period)

    return FastSimulation
