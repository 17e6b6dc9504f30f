"""The fast engine (vectorised, chunked, constant variables skipped, period and parameter
lookups memoised) gives exactly what plain OpenFisca gives for the same households."""

import random

import pytest

from relais.rights import engine
from relais.rights.household import Adult, Child, Household

pytestmark = pytest.mark.slow
PERIOD = "2026-11"
COMMUNES = ["69123", "69259", "75056", "13055", "97411", "57463", "23001", "33063", "59350"]


def generated_households(count: int, seed: int) -> list[Household]:
    """Random households over the whole questionnaire space, plus ones aimed at each benefit."""
    rng = random.Random(seed)

    def money(chance, low, high):
        return round(rng.uniform(low, high), 2) if rng.random() < chance else 0.0

    households = []
    for _ in range(count):
        adults = tuple(
            Adult(
                age=rng.randint(18, 95),
                disability=rng.choice(["none", "none", "none", "50", "80"]),
                salary=money(0.45, 100, 3200),
                unemployment=money(0.2, 300, 1800),
                pension=money(0.25, 200, 2200),
                other=money(0.15, 50, 400),
            )
            for _ in range(rng.choice([1, 1, 2]))
        )
        children = tuple(Child(age=rng.randint(0, 21)) for _ in range(rng.choice([0, 0, 1, 2, 3, 4, 6])))
        housing = rng.choice(["tenant", "tenant", "tenant", "owner", "hosted", "homeless"])
        households.append(
            Household(
                adults=adults,
                children=children,
                housing=housing,
                rent=round(rng.uniform(150, 1100), 2) if housing == "tenant" else 0,
                depcom=rng.choice(COMMUNES),
            )
        )
    households += [
        Household(adults=(Adult(age=30),), housing="homeless", depcom="69123"),  # rsa, cmu_c
        Household(adults=(Adult(age=34, salary=800),), children=(Child(age=5),), rent=500, depcom="69123"),  # ppa, asf
        Household(adults=(Adult(age=72, pension=650),), rent=420, depcom="69259"),  # aspa, als
        Household(adults=(Adult(age=45, disability="80"),), rent=450, depcom="13055"),  # aah
        Household(
            adults=(Adult(age=40, salary=1300), Adult(age=38)),
            children=(Child(age=4), Child(age=7), Child(age=12)),
            rent=700,
            depcom="69259",
        ),  # af, cf, ars, css with contribution
        Household(adults=(Adult(age=29, salary=1150),), rent=650, depcom="75056", housing="tenant"),
        Household(  # paje, aeeh, shared custody, self-employed, income changed, furnished flat
            adults=(Adult(age=31, self_employed=700, change_months_ago=4, previous_salary=1500),),
            children=(Child(age=2), Child(age=9, shared_custody=True, disability="2")),
            housing="tenant_furnished",
            rent=620,
            depcom="69123",
        ),
    ]
    return households


def _assert_same(fast, naive, households):
    mismatches = [
        (index, name, fast_result.values[name], naive_result.values[name])
        for index, (fast_result, naive_result) in enumerate(zip(fast, naive, strict=True))
        for name in engine.ALL_VARIABLES
        if abs(fast_result.values[name] - naive_result.values[name]) >= 0.005
    ]
    assert not mismatches, f"{len(mismatches)} differences, first: {mismatches[:5]}"


def test_batch_equals_plain_openfisca_on_generated_households(rights_engine):
    households = generated_households(60, seed=2026)
    assert len(households) >= 60
    fast = engine.simulate(households, PERIOD, chunk_size=17)  # several chunks
    naive = engine.naive_batch(households, PERIOD)
    _assert_same(fast, naive, households)
    _assert_same(fast, engine.naive_vectorised(households, PERIOD), households)  # the benchmark's baseline
    # Every benefit is really exercised (not a comparison of zeros).
    for benefit in engine.BENEFITS:
        granted = [r for r in naive if r.granted(benefit.key)]
        assert granted, f"no generated household gets {benefit.key}"
    assert any(r.values["cmu_c"] for r in naive) and any(r.values["css_participation_forfaitaire"] for r in naive)


def test_one_household_equals_a_plain_simulation_per_household(rights_engine):
    households = generated_households(0, seed=1)  # the aimed households
    for household in households:
        fast = engine.simulate_one(household, PERIOD)
        naive = engine.naive_simulate(household, PERIOD)
        _assert_same([fast], [naive], [household])


def test_naive_path_is_untouched_by_the_accelerations(rights_engine):
    """The memoised period functions are only active inside the fast engine."""
    from openfisca_core import periods

    assert engine._ACCELERATED.get() is False
    instant = periods.instant("2026-11-01")
    assert instant.offset(-1, periods.DateUnit.MONTH) == periods.instant("2026-10-01")
