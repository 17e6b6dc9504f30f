"""Households drawn from the whole questionnaire space: a Hypothesis strategy (the identity
property test) and a plain seeded generator (the large run in bench/bench_rights.py)."""

from __future__ import annotations

import random

from hypothesis import strategies as st

from relais.rights.household import (
    CHILD_DISABILITIES,
    COUPLE_STATUSES,
    HOUSING_STATUSES,
    PAYING_RENT,
    SELF_EMPLOYED_KINDS,
    Adult,
    Child,
    Household,
)

COMMUNES = ["69123", "69259", "75056", "13055", "97411", "57463", "23001", "33063", "59350"]
ADULT_DISABILITIES = ["none", "none", "none", "50", "80"]


def _money(high: float, chance_zero: bool = True):
    amount = st.floats(min_value=1, max_value=high, allow_nan=False).map(lambda x: round(x, 2))
    return st.one_of(st.just(0.0), amount) if chance_zero else amount


@st.composite
def adults(draw) -> Adult:
    changed = draw(st.sampled_from([0, 0, 0, 1, 4, 11]))
    return Adult(
        age=draw(st.integers(min_value=18, max_value=95)),
        disability=draw(st.sampled_from(ADULT_DISABILITIES)),
        salary=draw(_money(3200)),
        unemployment=draw(_money(1800)),
        pension=draw(_money(2200)),
        other=draw(_money(400)),
        self_employed=draw(_money(2500)),
        self_employed_kind=draw(st.sampled_from(sorted(SELF_EMPLOYED_KINDS))),
        sick_pay=draw(_money(1200)),
        invalidity=draw(_money(1000)),
        grant=draw(_money(600)),
        rental=draw(_money(900)),
        alimony_paid=draw(_money(400)),
        savings=draw(st.sampled_from([0.0, 0.0, 2500.0, 30000.0])),
        change_months_ago=changed,
        previous_salary=draw(_money(2500)) if changed else 0.0,
        previous_unemployment=draw(_money(1500)) if changed else 0.0,
        previous_self_employed=draw(_money(1500)) if changed else 0.0,
    )


@st.composite
def children(draw) -> Child:
    age = draw(st.integers(min_value=0, max_value=24))
    return Child(
        age=age,
        disability=draw(st.sampled_from(["none", "none", "none", *CHILD_DISABILITIES[1:]])),
        shared_custody=draw(st.booleans()),
        student=age >= 16 and draw(st.booleans()),
        salary=draw(_money(1200)) if age >= 16 else 0.0,
    )


@st.composite
def households(draw) -> Household:
    housing = draw(st.sampled_from(sorted(HOUSING_STATUSES)))
    pays = housing in PAYING_RENT
    return Household(
        adults=tuple(draw(st.lists(adults(), min_size=1, max_size=2))),
        children=tuple(draw(st.lists(children(), max_size=5))),
        housing=housing,
        rent=draw(st.floats(min_value=100, max_value=1100).map(lambda x: round(x, 2))) if pays else 0.0,
        depcom=draw(st.sampled_from(COMMUNES)),
        couple_status=draw(st.sampled_from(COUPLE_STATUSES)),
        pregnant=draw(st.booleans()),
    )


def random_households(count: int, seed: int) -> list[Household]:
    """The same space as the strategy, with a plain seeded generator (fast for 20,000)."""
    rng = random.Random(seed)

    def money(chance, high):
        return round(rng.uniform(1, high), 2) if rng.random() < chance else 0.0

    def adult() -> Adult:
        changed = rng.choice([0, 0, 0, 1, 4, 11])
        return Adult(
            age=rng.randint(18, 95),
            disability=rng.choice(ADULT_DISABILITIES),
            salary=money(0.45, 3200),
            unemployment=money(0.2, 1800),
            pension=money(0.25, 2200),
            other=money(0.15, 400),
            self_employed=money(0.15, 2500),
            self_employed_kind=rng.choice(sorted(SELF_EMPLOYED_KINDS)),
            sick_pay=money(0.08, 1200),
            invalidity=money(0.08, 1000),
            grant=money(0.05, 600),
            rental=money(0.08, 900),
            alimony_paid=money(0.08, 400),
            savings=rng.choice([0.0, 0.0, 0.0, 2500.0, 30000.0]),
            change_months_ago=changed,
            previous_salary=money(0.5, 2500) if changed else 0.0,
            previous_unemployment=money(0.3, 1500) if changed else 0.0,
            previous_self_employed=money(0.2, 1500) if changed else 0.0,
        )

    def child() -> Child:
        age = rng.randint(0, 24)
        return Child(
            age=age,
            disability=rng.choice(["none"] * 8 + list(CHILD_DISABILITIES[1:])),
            shared_custody=rng.random() < 0.15,
            student=age >= 16 and rng.random() < 0.4,
            salary=money(0.3, 1200) if age >= 16 else 0.0,
        )

    result = []
    for _ in range(count):
        housing = rng.choice(sorted(HOUSING_STATUSES))
        pays = housing in PAYING_RENT
        result.append(
            Household(
                adults=tuple(adult() for _ in range(rng.choice([1, 1, 2]))),
                children=tuple(child() for _ in range(rng.choice([0, 0, 1, 2, 3, 4, 6]))),
                housing=housing,
                rent=round(rng.uniform(100, 1100), 2) if pays else 0.0,
                depcom=rng.choice(COMMUNES),
                couple_status=rng.choice(COUPLE_STATUSES),
                pregnant=rng.random() < 0.1,
            )
        )
    return result
