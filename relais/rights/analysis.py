"""Find the OpenFisca variables that cannot change in Relais's input space.

Why: for one household, OpenFisca's cost is mostly per formula call, not per person; the CSS
(`cmu_c`) alone reads twelve past months of ~25 resource kinds and of every benefit of those
months, each with its own windows — about 6,000 formula runs for one family. Hundreds of those
variables (capital income, self-employment, tax boxes, apprenticeship, student grants…) depend
on NO input the questionnaire sets: they always keep their default value. The fast engine
returns that default directly (`engine.FastSimulation`) instead of running their formulas.

How: run the naive computation with OpenFisca's tracer on a diverse sample of households;
a variable is constant when (1) its value equals its default in every trace node, and (2) no
variable it depends on (transitively) is one of the questionnaire's inputs. The identity tests
(tests/rights/test_identity.py) then prove, on other generated households, that the fast
engine gives exactly the naive amounts.

Regenerate `constant_variables.py` after upgrading openfisca-france:
    .venv/bin/python -m relais.rights.analysis 40 > relais/rights/constant_variables.py
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict

import numpy as np

from relais.rights import engine

# GUARDED_CONSTANTS (reviewed by hand) live with the engine that skips them; re-exported here.
from relais.rights.engine import ALL_VARIABLES, GUARDED_CONSTANTS, YEARLY_VARIABLES  # noqa: F401
from relais.rights.household import (
    HOUSING_STATUSES,
    MENAGE_MONTHLY_VARIABLES,
    PERSON_MONTHLY_VARIABLES,
    Adult,
    Child,
    Household,
)
from relais.rights.inputs import situation

INPUT_VARIABLES = frozenset(PERSON_MONTHLY_VARIABLES) | frozenset(MENAGE_MONTHLY_VARIABLES) | {"date_naissance"}
SAMPLE_COMMUNES = ("69123", "75056", "13055", "97411", "57463", "23001", "97611", "33063")


def sample_households(count: int, seed: int) -> list[Household]:
    """Households over the whole questionnaire space (every input is non-zero in some of them)."""
    rng = random.Random(seed)

    def some(*values):
        return rng.choice([0, 0, *values])

    households = []
    for _ in range(count):
        adults = tuple(
            Adult(
                age=rng.choice([18, 22, 24, 30, 45, 58, 63, 67, 75, 90]),
                disability=rng.choice(["none", "none", "50", "80"]),
                salary=some(400, 900, 1500, 3000),
                unemployment=some(600, 1600),
                pension=some(500, 1000, 1800),
                other=some(150),
                self_employed=some(300, 1200),
                self_employed_kind=rng.choice(["sale", "service", "liberal"]),
                sick_pay=some(700),
                invalidity=some(600),
                grant=some(300),
                rental=some(400),
                alimony_paid=some(200),
                savings=some(3000, 40000),
                change_months_ago=some(2, 4, 9),
                previous_salary=some(1400),
                previous_unemployment=some(900),
                previous_self_employed=some(800),
            )
            for _ in range(rng.choice([1, 1, 2]))
        )
        children = tuple(
            Child(
                age=rng.randint(0, 24),
                disability=rng.choice(["none", "none", "none", "aeeh", "2", "6"]),
                shared_custody=rng.random() < 0.2,
                student=rng.random() < 0.2,
                salary=some(500),
            )
            for _ in range(rng.choice([0, 0, 1, 2, 3, 5, 8]))
        )
        households.append(
            Household(
                adults=adults,
                children=children,
                housing=rng.choice(sorted(HOUSING_STATUSES)),
                rent=rng.choice([0, 300, 700]),
                depcom=rng.choice(SAMPLE_COMMUNES),
                couple_status=rng.choice(["married", "pacs", "cohabiting"]),
                pregnant=rng.random() < 0.15,
            )
        )
    return households


def _is_default(variable, value) -> bool:
    default = variable.default_value
    array = np.asarray(value)
    if array.dtype == object or array.dtype.kind in "US":
        return all(item == default for item in array)
    if hasattr(default, "index"):  # Enum
        default = default.index
    return bool(np.all(array == default))


def trace_graph(tbs, households: list[Household], period: str):
    """Trace the naive computation: (children_of, computed, not_default, spiral) where `spiral`
    holds the variables OpenFisca met again inside their own computation (another period: the
    AAH/ASI past-month loop), i.e. where its spiral guard cuts the loop."""
    from openfisca_core.simulation_builder import SimulationBuilder

    children_of: dict[str, set[str]] = defaultdict(set)
    computed: set[str] = set()
    not_default: set[str] = set()
    spiral: set[str] = set()
    for household in households:
        simulation = SimulationBuilder().build_from_entities(tbs, situation(household, period))
        simulation.trace = True
        for variable in ALL_VARIABLES:
            simulation.calculate(variable, period[:4] if variable in YEARLY_VARIABLES else period)
        stack = [(tree, frozenset()) for tree in simulation.tracer.trees]
        while stack:
            node, ancestors = stack.pop()
            computed.add(node.name)
            if node.name in ancestors:
                spiral.add(node.name)
            below = ancestors | {node.name}
            for child in node.children:
                children_of[node.name].add(child.name)
                stack.append((child, below))
            if node.value is not None and not _is_default(tbs.variables[node.name], node.value):
                not_default.add(node.name)
    return children_of, computed, not_default, spiral


def _reach(children_of, name: str) -> set[str]:
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        for child in children_of[current]:
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def unsafe_to_skip(tbs, households: list[Household], period: str, candidates) -> set[str]:
    """The candidates whose computation reaches the AAH/ASI loop: skipping them would move the
    place where plain OpenFisca cuts the loop, so the fast engine would not give its amounts."""
    children_of, _computed, _not_default, spiral = trace_graph(tbs, households, period)
    return {name for name in candidates if name in spiral or _reach(children_of, name) & spiral}


def derive_constant_variables(tbs, households: list[Household], period: str) -> set[str]:
    children_of, computed, not_default, _spiral = trace_graph(tbs, households, period)
    closure: dict[str, set[str]] = {}

    for name in computed:
        closure[name] = _reach(children_of, name)
    return {
        name
        for name in computed
        if name not in INPUT_VARIABLES
        and name not in ALL_VARIABLES
        and name not in not_default
        and not closure[name] & INPUT_VARIABLES
        and name not in _spiral
        and not closure[name] & _spiral
    }


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    engine.wait_ready()
    names = derive_constant_variables(engine.tax_benefit_system(), sample_households(count, seed=7), "2026-11")
    unsafe = unsafe_to_skip(engine.tax_benefit_system(), sample_households(8, seed=11), "2026-11", GUARDED_CONSTANTS)
    if unsafe:
        sys.exit(f"GUARDED_CONSTANTS reach the AAH/ASI loop: {sorted(unsafe)}")
    lines = [
        '"""Generated by `python -m relais.rights.analysis` — see relais/rights/analysis.py."""',
        "",
        "CONSTANT_VARIABLES = frozenset(",
        "    {",
    ]
    lines += [f'        "{name}",' for name in sorted(names)]
    lines += ["    }", ")"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
