import pytest

from relais.rights.household import Adult, Child, Household, HouseholdError, household_from_answers
from relais.rights.inputs import birth_date, months_for, person_values, situation
from tests.rights.factories import SINGLE_PARENT_ANSWERS


def test_months_cover_seven_years_back_to_january():
    months = months_for("2026-11")
    assert months[0] == "2019-01" and months[-1] == "2026-11"
    assert len(months) == 7 * 12 + 11


def test_birth_date_gives_the_age_asked():
    assert birth_date(34, "2026-11") == "1992-05-01"
    assert birth_date(0, "2026-11") == "2026-05-01"


def test_salary_is_derived_consistently():
    values = person_values(Adult(age=30, salary=800))
    assert values["salaire_net"] == 800
    assert values["salaire_de_base"] > values["salaire_imposable"] > values["salaire_net"]
    assert values["activite"] == "actif"


def test_small_pension_is_exempt_large_one_is_not():
    small = person_values(Adult(age=70, pension=900))
    assert small["retraite_brute"] == small["retraite_nette"] == 900
    large = person_values(Adult(age=70, pension=2000))
    assert large["retraite_brute"] > 2000 and large["activite"] == "retraite"


def test_situation_roles_and_every_month():
    household = Household(adults=(Adult(age=40), Adult(age=38)), children=(Child(age=3),), rent=600, depcom="69123")
    built = situation(household, "2026-11")
    assert built["familles"]["famille"] == {"parents": ["demandeur", "conjoint"], "enfants": ["enfant1"]}
    assert built["foyers_fiscaux"]["foyer"]["declarants"] == ["demandeur", "conjoint"]
    assert built["menages"]["menage"]["personne_de_reference"] == ["demandeur"]
    assert set(built["menages"]["menage"]["loyer"]) == set(months_for("2026-11"))
    assert built["menages"]["menage"]["depcom"]["2020-06"] == "69123"


def test_answers_round_trip():
    household = household_from_answers(SINGLE_PARENT_ANSWERS)
    assert household.adults[0].salary == 800 and household.children[0].age == 5 and household.depcom == "69123"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"adults": [{"age": 140}]}, "age"),
        ({"adults": [{"age": 30, "salary": -100}]}, "salary"),
        ({"adults": []}, "adults"),
        ({"children": [30]}, "children"),
        ({"housing": "castle"}, "housing"),
        ({"rent": -5}, "rent"),
        ({"commune": "lyon"}, "depcom"),
    ],
)
def test_absurd_answers_are_plain_french_errors(change, field):
    with pytest.raises(HouseholdError) as error:
        household_from_answers({**SINGLE_PARENT_ANSWERS, **change})
    assert error.value.field == field
    assert error.value.message and error.value.message[0].isupper()


def test_unreadable_answers():
    with pytest.raises(HouseholdError):
        household_from_answers({"adults": [{"age": "vieux"}]})
    with pytest.raises(HouseholdError):
        household_from_answers("nope")
