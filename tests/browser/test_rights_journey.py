"""Issue 14, done when: in Chromium, as a new user would, with and without JavaScript, a
self-employed single mother with a two-year-old, shared custody of an older child, a job lost
four months ago, renting a furnished flat, sees PAJE, housing aid and RSA / prime d'activité equal
to plain OpenFisca's on the same situation, saves the result to her file, prints it. Zero axe-core
violations on every screen."""

import pytest

from relais.rights import engine
from relais.rights.as_paid import as_paid
from relais.rights.household import Adult, Child, Household
from relais.rights.models import RightsProfile
from relais.rights.services import current_period
from tests.browser.fixtures import assert_accessible, assert_fits_320, login, submit
from tests.browser.rights_questionnaire import walk
from tests.factories import PASSWORD, PersonFactory
from tests.rights.factories import lyon, rights_engine  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("rights_engine")]

HOUSEHOLD = Household(
    adults=(Adult(age=32, self_employed=600, self_employed_kind="service", change_months_ago=4, previous_salary=1400),),
    children=(Child(age=2), Child(age=8, shared_custody=True)),
    housing="tenant_furnished",
    rent=650,
    depcom="69123",
)
SCREENS = [
    ("foyer", {"situation": "seul"}),
    ("age", {"age_0": "32"}),
    ("enfants", {"count": "2"}),
    ("ages-enfants", {"child_0": "2", "child_1": "8"}),
    ("garde-alternee", {"custody": ["1"]}),
    ("handicap-enfants", {"child_0": "none", "child_1": "none"}),
    ("grossesse", {"pregnant": "no"}),
    ("handicap", {"disability_0": "none"}),
    ("logement", {"housing": "tenant_furnished"}),
    ("loyer", {"rent": "650"}),
    ("commune", {"commune": "Lyon"}),
    ("salaires", {"salary_0": "0"}),
    ("auto-entrepreneur", {"self_employed_0": "600", "self_employed_kind_0": "service"}),
    ("chomage", {"unemployment_0": "0"}),
    (
        "changement",
        {"change_0": "4", "previous_salary_0": "1400", "previous_unemployment_0": "0", "previous_self_employed_0": "0"},
    ),
    ("autres-revenus", {"other_0": "0", "sick_pay_0": "0", "invalidity_0": "0", "grant_0": "0", "rental_0": "0"}),
    ("pension-versee", {"alimony_paid_0": "0"}),
    ("epargne", {"savings_0": "0"}),
    ("aides-recues", {}),
]


@pytest.fixture
def mother(db):
    lyon()
    return PersonFactory(first_name="Nadia", last_name="Benali")


def _expected():
    """Plain OpenFisca on the same situation, then the same rules applied after the engine."""
    period = current_period()
    naive = engine.naive_simulate(HOUSEHOLD, period)
    raw = {benefit.key: naive.amount(benefit.key) for benefit in engine.BENEFITS}
    paid = as_paid(HOUSEHOLD, raw, naive.aah_by_adult(), period)
    return raw, paid.amounts


def _journey(page, live_server, mother, *, javascript: bool):
    raw, paid = _expected()
    for key in ("paje", "aide_logement", "rsa", "ppa"):
        assert raw[key] > 0, f"the situation should give {key}"
    seen = walk(page, live_server.url, SCREENS, javascript=javascript)
    assert seen == [slug for slug, _values in SCREENS]  # no screen skipped that applies, none extra
    for key in ("paje", "aide_logement", "rsa", "ppa"):
        amount = page.locator(f"[data-benefit={key}]")
        assert amount.get_attribute("data-engine") == f"{raw[key]:.2f}", key  # plain OpenFisca, to the cent
        assert amount.get_attribute("data-amount") == str(round(paid[key])), key  # as paid
    main_text = page.locator("main").inner_text()
    assert main_text.index("Allocation de base de la prestation d'accueil du jeune enfant") < main_text.index(
        f"Environ {round(paid['paje'])} € par mois"
    )  # the benefit's name first, then its amount
    assert page.locator("#aide-paje abbr[title]").count() >= 1  # PAJE explained in place
    assert_accessible(page, context="results")

    # She logs in (her answers stay in the session) and saves the estimate to her file.
    login(page, live_server, mother.email, PASSWORD)
    page.goto(f"{live_server.url}/droits/resultats/")
    submit(page, page.get_by_role("button", name="Enregistrer l'estimation dans mon dossier"))
    assert "enregistrée dans votre dossier" in page.locator("main").inner_text()
    assert_accessible(page, context="results saved")
    profile = RightsProfile.objects.get(person=mother)
    saved = {row["benefit"]: row["amount"] for row in profile.result}
    assert saved["paje"] == round(paid["paje"]) and "aide_logement" in saved

    # Print view: no forms, the same amounts; printed, the site's header and the help are hidden.
    submit(page, page.get_by_role("link", name="Version à imprimer"))
    assert page.locator("main form").count() == 0
    assert page.locator("[data-benefit=paje]").get_attribute("data-amount") == str(round(paid["paje"]))
    page.emulate_media(media="print")
    assert page.locator("header.relais-header, .relais-header").first.is_hidden()
    assert page.locator("[data-benefit=paje]").is_visible()
    page.emulate_media(media="screen")
    assert_accessible(page, context="print view")


def test_self_employed_mother_with_javascript(page, live_server, mother):
    _journey(page, live_server, mother, javascript=True)


def test_self_employed_mother_without_javascript(nojs_page, live_server, mother):
    _journey(nojs_page, live_server, mother, javascript=False)


def test_results_and_print_view_fit_320px(narrow_page, live_server, mother):
    walk(narrow_page, live_server.url, SCREENS, javascript=True)
    assert_fits_320(narrow_page)
    narrow_page.goto(f"{live_server.url}/droits/resultats/?impression=1")
    assert_fits_320(narrow_page)
