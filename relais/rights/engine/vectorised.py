"""The fast path: one vectorised simulation per chunk of households (persons and groups declared
with numpy arrays, inputs set once per month for the whole chunk)."""

from __future__ import annotations

import numpy as np

from relais.rights.engine.acceleration import ACCELERATED, fast_simulation, install_period_cache
from relais.rights.engine.benefits import (
    ALL_VARIABLES,
    INDIVIDUAL_VARIABLES,
    YEARLY_VARIABLES,
    HouseholdResult,
)
from relais.rights.household import (
    MENAGE_MONTHLY_VARIABLES,
    PERSON_MONTHLY_VARIABLES,
    Household,
    birth_date,
    menage_values,
    months_for,
    person_values,
)

_ROLE_KEYS = {
    # entity: (first adult, second adult, child) — OpenFisca sub-role keys
    "famille": ("demandeur", "conjoint", "enfant"),
    "foyer_fiscal": ("declarant_principal", "conjoint", "personne_a_charge"),
    "menage": ("personne_de_reference", "conjoint", "enfant"),
}


def _month_period(month: str):
    from openfisca_core import periods

    return periods.period(month)


def simulate_chunk(tbs, households: list[Household], period: str) -> list[HouseholdResult]:
    install_period_cache()
    token = ACCELERATED.set(True)
    try:
        return run_chunk(tbs, households, period)
    finally:
        ACCELERATED.reset(token)


def run_chunk(tbs, households: list[Household], period: str, *, plain: bool = False) -> list[HouseholdResult]:
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
        simulation = fast_simulation()(tbs, builder.populations)

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
