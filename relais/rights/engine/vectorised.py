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
from relais.rights.household import MENAGE_MONTHLY_VARIABLES, PERSON_MONTHLY_VARIABLES, Household
from relais.rights.inputs import birth_date, household_people, menage_values, monthly_rows, months_for

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
    person_foyer: list[int] = []
    foyer_roles: list[int] = []  # index into the foyer role keys
    births: list[str] = []
    rows_now: list[dict] = []
    rows_before: list[dict] = []
    starts: list[int] = []
    n_foyers = 0
    for index, household in enumerate(households):
        first_foyer = n_foyers
        n_foyers += household.tax_households
        for kind, person, options in household_people(household):
            person_household.append(index)
            person_kind.append(kind)
            own_foyer = kind == 1 and household.tax_households == 2
            person_foyer.append(first_foyer + 1 if own_foyer else first_foyer)
            foyer_roles.append(0 if own_foyer else kind)
            births.append(birth_date(person.age, period))
            now, before, start = monthly_rows(person, options, months)
            rows_now.append(now)
            rows_before.append(before)
            starts.append(start)
    n_persons = len(person_household)
    assignment = np.asarray(person_household, dtype=np.int64)
    kinds = np.asarray(person_kind, dtype=np.int64)

    builder = SimulationBuilder()
    builder.create_entities(tbs)
    builder.declare_person_entity("individu", np.arange(n_persons))
    group_ids = np.arange(n_households)
    for entity, role_keys in _ROLE_KEYS.items():
        if entity == "foyer_fiscal":
            population = builder.declare_entity(entity, np.arange(n_foyers))
            roles = np.asarray(role_keys)[np.asarray(foyer_roles, dtype=np.int64)]
            builder.join_with_persons(population, np.asarray(person_foyer, dtype=np.int64), roles)
            continue
        population = builder.declare_entity(entity, group_ids)
        builder.join_with_persons(population, assignment, np.asarray(role_keys)[kinds])
    if plain:
        simulation = builder.build(tbs)
    else:
        simulation = fast_simulation()(tbs, builder.populations)

    simulation.set_input("date_naissance", "ETERNITY", np.asarray(births, dtype="datetime64[D]"))
    month_periods = [_month_period(month) for month in months]
    start_array = np.asarray(starts, dtype=np.int64)
    # Months sharing the same set of "changed already" persons share their arrays.
    thresholds = sorted(set(starts) - {0})
    for name in PERSON_MONTHLY_VARIABLES:
        now = np.asarray([row[name] for row in rows_now])
        before = np.asarray([row[name] for row in rows_before]) if thresholds else now
        _set_monthly(
            simulation, name, months, month_periods, plain, lambda i: i >= start_array, now, before, thresholds
        )
    menage_rows = [menage_values(household) for household in households]
    for name in MENAGE_MONTHLY_VARIABLES:
        values = np.asarray([row[name] for row in menage_rows])
        _set_monthly(simulation, name, months, month_periods, plain, None, values, values, [])

    familles = simulation.populations["famille"]
    columns: dict[str, np.ndarray] = {}
    first_adult = np.flatnonzero(kinds == 0)
    second_adult = np.full(n_households, -1, dtype=np.int64)
    second_adult[assignment[kinds == 1]] = np.flatnonzero(kinds == 1)
    for variable in ALL_VARIABLES:
        if variable in YEARLY_VARIABLES:
            array = simulation.calculate(variable, period[:4])
        else:
            array = simulation.calculate(variable, period)
        if variable in INDIVIDUAL_VARIABLES:
            columns[f"{variable}_adult0"] = array[first_adult]
            columns[f"{variable}_adult1"] = np.where(second_adult >= 0, array[second_adult], 0)
            array = familles.sum(array)
        columns[variable] = array
    return [
        HouseholdResult(values={name: float(column[index]) for name, column in columns.items()}, period=period)
        for index in range(n_households)
    ]


def _set_monthly(simulation, name, months, month_periods, plain, changed, now, before, thresholds) -> None:
    """Set `name` for every month: `now` from each person's change month on, `before` earlier."""
    if plain:
        for index, month in enumerate(months):
            values = now if changed is None or not thresholds else np.where(changed(index), now, before)
            simulation.set_input(name, month, values)
        return
    # Same value over runs of months: convert once (dtype, enum encoding), then store it for
    # each month through the holder (what `set_input` does after its checks).
    holder = simulation.get_holder(name)
    bounds = [0, *thresholds, len(months)]
    for low, high in zip(bounds, bounds[1:], strict=False):
        if low >= high:
            continue
        values = now if changed is None or not thresholds else np.where(changed(low), now, before)
        simulation.set_input(name, months[high - 1], values)
        array = holder.get_array(month_periods[high - 1])
        for month_period in month_periods[low : high - 1]:
            holder._set(month_period, array)
