"""Rules applied after the engine (relais/rights/as_paid.py), each with its legal reference."""

import datetime

import pytest

from relais.rights import as_paid, services
from relais.rights.household import Adult, Household

PERIOD = "2026-11"


def _paid(household, amounts, aah_by_adult=(0.0, 0.0), period=PERIOD):
    base = dict.fromkeys(("rsa", "ppa", "aide_logement", "af", "asf", "cf", "paje", "aeeh", "aah", "aspa", "ars"), 0.0)
    base["css"] = 0.0
    base.update(amounts)
    return as_paid.as_paid(household, base, aah_by_adult, period)


def test_crds_is_deducted_from_family_benefits_and_the_prime_d_activite():
    # The figure: ASF 201.78 € before CRDS, 200.77 € paid.
    assert as_paid.net_of_crds(201.78, 0.005) == 200.77
    household = Household(adults=(Adult(age=34),), depcom="69123")
    paid = _paid(household, {"asf": 201.78, "ppa": 393.69, "paje": 199.15, "rsa": 500.0, "aide_logement": 431.0})
    assert paid.amounts["asf"] == 200.77
    assert paid.amounts["ppa"] == 391.72
    assert paid.amounts["paje"] == 198.15
    # Exempt, or already net in OpenFisca: unchanged.
    assert paid.amounts["rsa"] == 500.0 and paid.amounts["aide_logement"] == 431.0


def test_aah_and_aspa_do_not_add_up_for_a_person_of_aspa_age():
    household = Household(adults=(Adult(age=67, disability="80"),), depcom="69123")
    paid = _paid(household, {"aah": 1041.59, "aspa": 1034.28}, aah_by_adult=(1041.59, 0.0))
    assert paid.amounts["aah"] == 1041.59 and paid.amounts["aspa"] == 0.0
    assert "ne s'ajoutent pas" in paid.notes["aah"]
    # The ASPA is larger: the AAH is not counted.
    paid = _paid(household, {"aah": 300.0, "aspa": 1034.28}, aah_by_adult=(300.0, 0.0))
    assert paid.amounts["aah"] == 0.0 and paid.amounts["aspa"] == 1034.28


def test_aah_of_a_younger_partner_adds_up_with_the_aspa_of_the_older_one():
    household = Household(adults=(Adult(age=45, disability="80"), Adult(age=70)), depcom="69123")
    paid = _paid(household, {"aah": 900.0, "aspa": 400.0}, aah_by_adult=(900.0, 0.0))
    assert paid.amounts["aah"] == 900.0 and paid.amounts["aspa"] == 400.0 and not paid.notes


def test_yearly_benefits_are_shown_with_their_next_payment():
    household = Household(adults=(Adult(age=40),), depcom="69123")
    assert _paid(household, {"ars": 429.0}, period="2026-11").next_payment["ars"] == datetime.date(2027, 8, 1)
    assert _paid(household, {"ars": 429.0}, period="2026-05").next_payment["ars"] == datetime.date(2026, 8, 1)
    assert "ars" not in _paid(household, {"ars": 0.0}).next_payment


@pytest.mark.slow
def test_a_67_year_old_disabled_person_is_not_shown_both_aah_and_aspa(rights_engine):
    household = Household(adults=(Adult(age=67, disability="80"),), housing="owner", depcom="69123")
    result = rights_engine.simulate_one(household, PERIOD)
    assert result.values["aah"] > 0 and result.values["aspa"] > 0  # OpenFisca computes both in full
    keys = {line.key for line in services.estimate_lines(household, result)}
    assert len(keys & {"aah", "aspa"}) == 1
