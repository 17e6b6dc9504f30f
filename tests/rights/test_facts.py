"""Published facts, checked against OpenFisca and against Relais."""

import pytest

from relais.rights import engine, services
from relais.rights.household import Adult, Child, Household

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
PERIOD = "2026-11"


def anchors_reference_situation():
    """The reference household of ../shared/docs/anchors.md, exactly as written there."""
    months = [f"{2023 + (10 + i) // 12:04d}-{(10 + i) % 12 + 1:02d}" for i in range(37)]  # 2023-11 … 2026-11

    def rep(value):
        return dict.fromkeys(months, value)

    return {
        "individus": {
            "demandeur": {
                "date_naissance": {"ETERNITY": "1992-03-15"},
                "activite": rep("actif"),
                "salaire_net": rep(800),
                "salaire_imposable": rep(800),
            },
            "enfant1": {"date_naissance": {"ETERNITY": "2021-06-10"}},
        },
        "familles": {"famille": {"parents": ["demandeur"], "enfants": ["enfant1"]}},
        "foyers_fiscaux": {"foyer": {"declarants": ["demandeur"], "personnes_a_charge": ["enfant1"]}},
        "menages": {
            "menage": {
                "personne_de_reference": ["demandeur"],
                "enfants": ["enfant1"],
                "loyer": rep(500),
                "statut_occupation_logement": rep("locataire_vide"),
                "depcom": rep("69123"),
            }
        },
    }


def test_anchors_reference_household_in_openfisca(rights_engine):
    result = engine.naive_simulate_situation(anchors_reference_situation(), PERIOD)
    assert round(result.values["ppa"], 2) == 393.69
    assert result.values["aide_logement"] == 431
    assert result.values["alf"] == 431
    assert round(result.values["asf"], 2) == 201.78
    assert result.values["cmu_c"]


def test_same_household_through_relais(rights_engine):
    """Through the questionnaire's mapping the taxable salary is derived from the net one
    (≈ 829 € instead of 800 €), which lowers the housing aid by one euro; the rest is equal."""
    household = Household(adults=(Adult(age=34, salary=800),), children=(Child(age=5),), rent=500, depcom="69123")
    estimate = services.household_estimate(household=household, period=PERIOD)
    amounts = {line.key: line for line in estimate.lines}
    assert set(amounts) == {"ppa", "aide_logement", "asf", "css"}
    # OpenFisca's amounts, then as paid: net of the CRDS (0.5 %, rounded to the cent).
    assert round(amounts["ppa"].engine_amount, 2) == 393.69 and round(amounts["ppa"].exact_amount, 2) == 391.72
    assert round(amounts["asf"].engine_amount, 2) == 201.78 and round(amounts["asf"].exact_amount, 2) == 200.77
    assert amounts["ppa"].amount == 392 and amounts["asf"].amount == 201
    assert amounts["aide_logement"].amount in (430, 431) and amounts["aide_logement"].detail == "ALF"
    assert amounts["css"].free


# RSA: montant forfaitaire for a single person, revalorised on 1 April 2026 (+0.8 %):
# 646.52 € × 1.008 = 651.69 € (décret de revalorisation ; CAF and service-public.fr tables).
PUBLISHED_RSA_SINGLE_2026_04 = 651.69


def test_rsa_single_person_without_income_is_the_montant_forfaitaire(rights_engine):
    tbs = engine.tax_benefit_system()
    parameter = tbs.parameters(
        f"{PERIOD}-01"
    ).prestations_sociales.solidarite_insertion.minima_sociaux.rsa.rsa_m.montant_de_base_du_rsa
    assert parameter == PUBLISHED_RSA_SINGLE_2026_04
    # Without housing (no "forfait logement" deducted) and without any income:
    household = Household(adults=(Adult(age=30),), housing="homeless", depcom="69123")
    fast = engine.simulate_one(household, PERIOD)
    assert round(fast.values["rsa"], 2) == PUBLISHED_RSA_SINGLE_2026_04
    assert round(engine.naive_simulate(household, PERIOD).values["rsa"], 2) == PUBLISHED_RSA_SINGLE_2026_04
    assert fast.values["cmu_c"]  # RSA recipients get the CSS for free


def test_rules_date_and_outdated_warning(rights_engine):
    date = engine.rules_date()
    assert date is not None and date.year >= 2026
    assert services.rules_outdated("2030-01", date)
    assert not services.rules_outdated(f"{date.year}-{date.month:02d}", date)


def test_yearly_ars_is_yearly(rights_engine):
    household = Household(
        adults=(Adult(age=40, salary=1300), Adult(age=38)),
        children=(Child(age=7), Child(age=12)),
        rent=700,
        depcom="69259",
    )
    estimate = services.household_estimate(household=household, period=PERIOD)
    ars = next(line for line in estimate.lines if line.key == "ars")
    assert ars.yearly and ars.amount > 700  # two children 6-10 and 11-14: ≈ 428 + 451 € a year
