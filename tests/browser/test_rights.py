"""The rights simulator as a new user would use it, with and without JavaScript."""

import pytest

from relais.rights import engine
from relais.rights.as_paid import as_paid
from relais.rights.household import Adult, Child, Household
from tests.browser.fixtures import assert_accessible, assert_fits_320, submit
from tests.browser.rights_questionnaire import walk
from tests.rights.factories import lyon, rights_engine  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("rights_engine")]

HOUSEHOLD = Household(adults=(Adult(age=34, salary=800),), children=(Child(age=5),), rent=500, depcom="69123")
SCREENS = [
    ("foyer", {"situation": "seul"}),
    ("age", {"age_0": "34"}),
    ("enfants", {"count": "1"}),
    ("ages-enfants", {"child_0": "5"}),
    ("garde-alternee", {}),
    ("handicap-enfants", {"child_0": "none"}),
    ("grossesse", {"pregnant": "no"}),
    ("handicap", {"disability_0": "none"}),
    ("logement", {"housing": "tenant"}),
    ("loyer", {"rent": "500"}),
    ("commune", {"commune": "Lyon"}),
    ("salaires", {"salary_0": "800"}),
    ("auto-entrepreneur", {"self_employed_0": "0"}),
    ("chomage", {"unemployment_0": "0"}),
    # No retirement question at 34 (issue 20).
    ("changement", {"change_0": "0"}),
    ("autres-revenus", {"other_0": "0", "sick_pay_0": "0", "invalidity_0": "0", "grant_0": "0", "rental_0": "0"}),
    ("pension-versee", {"alimony_paid_0": "0"}),
    ("epargne", {"savings_0": "0"}),
    ("aides-recues", {}),  # no benefit received yet
]


def _expected_amounts():
    """Plain OpenFisca (naive reference) for the same household, as paid, rounded to the euro."""
    from relais.rights.services import current_period

    period = current_period()
    naive = engine.naive_simulate(HOUSEHOLD, period)
    raw = {benefit.key: naive.amount(benefit.key) for benefit in engine.BENEFITS}
    paid = as_paid(HOUSEHOLD, raw, naive.aah_by_adult(), period).amounts
    return {key: round(paid[key]) for key in ("ppa", "aide_logement", "asf")}


def _check_results(page, expected):
    for key in ("ppa", "aide_logement", "asf"):
        amount = page.locator(f"[data-benefit={key}]")
        assert amount.get_attribute("data-amount") == str(expected[key]), key
        assert f"{expected[key]} €" in amount.inner_text()
    assert page.locator("#aide-ppa a[href*='service-public.fr']").count() == 1
    assert page.locator("#aide-aide_logement a[href*='service-public.fr']").count() == 1
    help_link = page.locator("a[href*='/aide/'][href*='commune=69123']")
    assert help_link.count() >= 1
    assert "estimations" in page.locator("main").inner_text()
    assert_accessible(page, context="results")


@pytest.fixture
def commune(db):
    return lyon()


def test_single_parent_sees_her_rights_with_javascript(page, live_server, commune):
    expected = _expected_amounts()
    walk(page, live_server.url, SCREENS, javascript=True)
    assert "Question" not in page.locator("main h1").inner_text()
    _check_results(page, expected)


def test_single_parent_sees_her_rights_without_javascript(nojs_page, live_server, commune):
    expected = _expected_amounts()
    walk(nojs_page, live_server.url, SCREENS, javascript=False)
    _check_results(nojs_page, expected)
    # Back to a previous question keeps the answer.
    nojs_page.goto(f"{live_server.url}/droits/question/loyer/")
    assert nojs_page.locator("input[name=rent]").input_value() in ("500", "500,00", "500.0", "500,0")


def test_questionnaire_fits_320px(narrow_page, live_server):
    narrow_page.goto(f"{live_server.url}/droits/")
    assert_fits_320(narrow_page)
    submit(narrow_page, narrow_page.get_by_role("button", name="Commencer"))
    assert_fits_320(narrow_page)
