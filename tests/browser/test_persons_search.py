"""The person search in Chromium, as a new helper would: « Mohamed Benali » and « benali mohamed » find the
two homonyms, told apart by birth date and commune; axe-core finds no violation; the page fits 320 px and
works without JavaScript."""

import datetime as dt

import pytest

from relais.accounts.models import Person
from relais.organisations.models import MemberRole
from tests.browser.fixtures import _new_page, assert_accessible, assert_fits_320, login, submit
from tests.factories import PASSWORD, CommuneFactory, MembershipFactory, OrganisationFactory, add_totp, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world():
    organisation = OrganisationFactory(name="France Services Vénissieux")
    membership = MembershipFactory(organisation=organisation, role=MemberRole.HELPER)
    add_totp(membership.user)
    venissieux, lyon = CommuneFactory(name="Vénissieux"), CommuneFactory(name="Lyon")
    for birth_date, commune in ((dt.date(1962, 4, 17), venissieux), (dt.date(1987, 9, 2), lyon)):
        Person.objects.create(
            first_name="Mohamed",
            last_name="Benali",
            birth_date=birth_date,
            commune=commune,
            created_by_organisation=organisation,
        )
    Person.objects.create(first_name="Mohamed", last_name="Benali", birth_date=dt.date(2000, 1, 1))  # elsewhere
    return membership.user


def _results(page):
    return page.locator(".relais-person-results > li").all_inner_texts()


@pytest.mark.parametrize("javascript", [True, False])
def test_search_tells_homonyms_apart(browser, live_server, settings, javascript):
    settings.AXES_ENABLED = False
    helper = _world()
    context, page = _new_page(browser, javascript=javascript)
    try:
        login(page, live_server, helper.email, PASSWORD, totp_now())
        for typed in ("Mohamed Benali", "benali mohamed"):
            page.goto(f"{live_server.url}/personnes/")
            page.fill("input[name=query]", typed)
            submit(page, "main form button[type=submit]")
            items = _results(page)
            assert len(items) == 2, items
            assert any("17 avril 1962" in item and "Vénissieux" in item for item in items), items
            assert any("2 septembre 1987" in item and "Lyon" in item for item in items), items
            assert not any("2000" in item for item in items), items
        page.goto(f"{live_server.url}/personnes/?query=benali+mohamed+02%2F09%2F1987")
        items = _results(page)
        assert "2 septembre 1987" in items[0] and "même date de naissance" in items[0].lower(), items
        if javascript:  # axe-core runs as a script: only where scripts run
            assert_accessible(page, context="person search results")
        page.goto(f"{live_server.url}/personnes/?query=Inconnu+Personne")
        assert "Nous n'avons trouvé personne" in page.inner_text("main")
        if javascript:
            assert_accessible(page, context="person search, nobody found")
        assert not page.csp_violations, page.csp_violations
    finally:
        context.close()


def test_search_fits_320px(browser, live_server, settings):
    settings.AXES_ENABLED = False
    helper = _world()
    context, page = _new_page(browser, javascript=True, width=320)
    try:
        login(page, live_server, helper.email, PASSWORD, totp_now())
        page.goto(f"{live_server.url}/personnes/?query=benali+mohamed")
        assert len(_results(page)) == 2
        assert_fits_320(page)
        assert_accessible(page, context="person search at 320 px")
        page.goto(f"{live_server.url}/mandats/personne/?query=benali+mohamed")
        assert len(_results(page)) == 2
        assert_fits_320(page)
        assert_accessible(page, context="new mandate's search at 320 px")
    finally:
        context.close()
