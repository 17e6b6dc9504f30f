"""Rule freshness per parameter (relais/rights/freshness.py, manage.py rights_parameters)."""

import datetime
import io

import pytest
from django.core.management import call_command

from relais.rights import freshness

pytestmark = pytest.mark.slow
CSS_CEILING = "prestations_sociales.solidarite_insertion.minima_sociaux.cs.cmu.plafond_base"
RSA_AMOUNT = "prestations_sociales.solidarite_insertion.minima_sociaux.rsa.rsa_m.montant_de_base_du_rsa"


def test_last_revaluation_follows_the_legal_calendar():
    assert freshness.last_revaluation("css", "2026-11") == datetime.date(2026, 4, 1)
    assert freshness.last_revaluation("css", "2026-03") == datetime.date(2025, 4, 1)
    assert freshness.last_revaluation("aide_logement", "2026-11") == datetime.date(2026, 10, 1)
    assert freshness.last_revaluation("aspa", "2026-11") == datetime.date(2026, 1, 1)


def test_the_css_ceiling_of_2024_is_named_for_the_css_only(rights_engine):
    """openfisca-france 176.1.8: the CSS ceiling dates from 2024-04-01 (10,166 € a year for one
    person; 10,339 € from April 2025)."""
    tbs = rights_engine.tax_benefit_system()
    assert CSS_CEILING in freshness.benefit_parameters()["css"]
    stale = {item.name: item for item in freshness.stale_parameters(tbs, "css", "2026-11")}
    assert stale[CSS_CEILING].latest == datetime.date(2024, 4, 1)
    assert "Plafond annuel de ressources" in stale[CSS_CEILING].description
    # Up to date parameters are not named; in May 2024 the same ceiling was not stale.
    assert not freshness.stale_parameters(tbs, "css", "2024-05", [CSS_CEILING])
    assert not freshness.stale_parameters(tbs, "asf", "2026-11")
    assert not freshness.stale_parameters(tbs, "rsa", "2026-11", [RSA_AMOUNT])  # revalued 2026-04-01


def test_the_results_name_the_stale_ceiling_on_the_css_line(rights_engine, commune_lyon):
    from relais.rights import services
    from relais.rights.household import Adult, Household

    household = Household(adults=(Adult(age=30),), housing="homeless", depcom="69123")
    lines = {line.key: line for line in services.household_estimate(household=household, period="2026-11").lines}
    assert any("1er avril 2024" in text for text in lines["css"].stale)


def test_the_command_lists_each_benefit_with_its_parameters_and_dates(rights_engine):
    out = io.StringIO()
    call_command("rights_parameters", "--period", "2026-11", stdout=out)
    text = out.getvalue()
    assert "css (revalorisation attendue le 2026-04-01)" in text
    assert f"2024-04-01  {CSS_CEILING}  PÉRIMÉ" in text
