"""The rights simulator as a new user would use it, with and without JavaScript."""

import pytest

from relais.rights import engine
from relais.rights.household import Adult, Child, Household
from tests.browser.fixtures import assert_accessible, assert_fits_320
from tests.rights.factories import lyon, rights_engine  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("rights_engine")]


def _expected_amounts():
    """Plain OpenFisca (naive reference) for the same household, rounded to the euro."""
    household = Household(adults=(Adult(age=34, salary=800),), children=(Child(age=5),), rent=500, depcom="69123")
    from relais.rights.services import current_period

    values = engine.naive_simulate(household, current_period()).values
    return {"ppa": round(values["ppa"]), "aide_logement": round(values["aide_logement"]), "asf": round(values["asf"])}


def _continue(page):
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def _accessible(page, *, javascript: bool, context: str) -> None:
    # axe-core runs in the page: only possible with JavaScript on (the HTML is the same without).
    if javascript:
        assert_accessible(page, context=context)


def _walk_questionnaire(page, live_server, *, javascript: bool):
    page.goto(f"{live_server.url}/droits/")
    _accessible(page, javascript=javascript, context="start")
    page.get_by_role("button", name="Commencer").click()

    def step(fill):
        _accessible(page, javascript=javascript, context=page.url)
        fill()
        _continue(page)

    step(lambda: page.locator("input[name=situation][value=seul]").check(force=True))
    step(lambda: page.fill("input[name=age_0]", "34"))
    step(lambda: page.fill("input[name=count]", "1"))
    step(lambda: page.fill("input[name=child_0]", "5"))
    step(lambda: page.locator("input[name=disability_0][value=none]").check(force=True))
    step(lambda: page.locator("input[name=housing][value=tenant]").check(force=True))
    step(lambda: page.fill("input[name=rent]", "500"))

    def commune():
        field = page.locator("input[name=commune]")
        if javascript:
            field.press_sequentially("Lyon", delay=30)
            page.locator("[role=option]").first.click()
            assert page.locator("input[name=commune_code]").input_value() == "69123"
        else:
            field.fill("Lyon")

    step(commune)
    step(lambda: page.fill("input[name=salary_0]", "800"))
    step(lambda: page.fill("input[name=unemployment_0]", "0"))
    # No retirement question at 34 (issue 20).
    step(lambda: page.fill("input[name=other_0]", "0"))
    assert "Question 12 sur 12" in page.content()
    step(lambda: None)  # no benefit received yet
    assert page.url.endswith("/droits/resultats/")


def _check_results(page, expected, *, javascript: bool):
    for key in ("ppa", "aide_logement", "asf"):
        amount = page.locator(f"[data-benefit={key}]")
        assert amount.get_attribute("data-amount") == str(expected[key]), key
        assert f"{expected[key]} €" in amount.inner_text()
    assert page.locator("#aide-ppa a[href*='service-public.fr']").count() == 1
    assert page.locator("#aide-aide_logement a[href*='service-public.fr']").count() == 1
    help_link = page.locator("a[href*='/aide/'][href*='commune=69123']")
    assert help_link.count() >= 1
    assert "estimations" in page.locator("main").inner_text()
    _accessible(page, javascript=javascript, context="results")


@pytest.fixture
def commune(db):
    return lyon()


def test_single_parent_sees_her_rights_with_javascript(page, live_server, commune):
    expected = _expected_amounts()
    _walk_questionnaire(page, live_server, javascript=True)
    _check_results(page, expected, javascript=True)


def test_single_parent_sees_her_rights_without_javascript(nojs_page, live_server, commune):
    expected = _expected_amounts()
    _walk_questionnaire(nojs_page, live_server, javascript=False)
    _check_results(nojs_page, expected, javascript=False)
    # Back to a previous question keeps the answer.
    nojs_page.goto(f"{live_server.url}/droits/question/loyer/")
    assert nojs_page.locator("input[name=rent]").input_value() in ("500", "500,00", "500.0", "500,0")


def test_questionnaire_fits_320px(narrow_page, live_server):
    narrow_page.goto(f"{live_server.url}/droits/")
    assert_fits_320(narrow_page)
    narrow_page.get_by_role("button", name="Commencer").click()
    assert_fits_320(narrow_page)
