"""The person file in Chromium, as a new helper would (issue 11): open the file of a followed person with
a dossier awaiting correction (« attend la personne ») and an expiring document, add a private note;
the follow-up screens and « Mes suivis ». axe-core clean on every new page, 320 px, works without JS."""

import pytest
from django.utils import timezone

from relais.casefile.models import PrivateNote
from relais.procedures.models import Dossier, Procedure, ProcedureVersion
from tests.browser.fixtures import _new_page, assert_accessible, assert_fits_320, login
from tests.casefile.factories import document, make_active_follow_up, propose
from tests.factories import PASSWORD, OrganisationFactory, PersonFactory, totp_now
from tests.mandates.factories import helper_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


def _world():
    organisation = OrganisationFactory(name="France Services Vénissieux")
    helper = helper_of(organisation)
    person = PersonFactory(first_name="Mohamed", last_name="Benali")
    make_active_follow_up(organisation=organisation, person=person, helper=helper, categories=("*",))
    procedure = Procedure.objects.create(
        organisation=OrganisationFactory(name="CAF du Rhône"),
        slug="css-test",
        title="Complémentaire santé solidaire",
        description="Test",
        category="social",
    )
    version = ProcedureVersion.objects.create(procedure=procedure, number=1, fields=[], published_at=timezone.now())
    Dossier.objects.create(procedure=procedure, version=version, person=person, state="correction_requested")
    document(person=person, doc_type="identity", title="Carte d'identité", expires_in_days=20)
    return organisation, helper, person


def test_helper_opens_the_file_and_adds_a_private_note(browser, live_server):
    organisation, helper, person = _world()
    context, page = _new_page(browser, javascript=True)
    login(page, live_server, helper.email, PASSWORD, totp_now())
    page.goto(f"{live_server.url}/personnes/{person.pk}/")
    main = page.locator("main")
    assert "Dossier de Mohamed Benali" in main.inner_text()
    pending = page.locator("section", has=page.locator("#h-pending")).inner_text()
    assert "Attend la personne" in pending and "Corriger le dossier" in pending
    expiring = page.locator("section", has=page.locator("#h-documentsexpiring")).inner_text()
    assert "Carte d'identité" in expiring
    assert_accessible(page, context="person file")
    page.fill("textarea[name=text]", "Rappeler lundi pour la CSS.")
    page.click("#notes button[type=submit]")
    assert "La note est enregistrée" in page.locator("main").inner_text()
    assert "Rappeler lundi pour la CSS." in page.locator("#notes").inner_text()
    assert PrivateNote.objects.filter(person=person, organisation=organisation).count() == 1
    assert_accessible(page, context="person file with a note")
    follow_up = person.follow_ups.get()
    for path in (f"/personnes/suivis/{follow_up.pk}/", f"/personnes/suivis/{follow_up.pk}/feuille/"):
        page.goto(live_server.url + path)
        assert_accessible(page, context=path)
    assert not page.csp_violations, page.csp_violations
    context.close()


def test_the_file_works_without_javascript_and_at_320px(browser, live_server):
    _organisation, helper, person = _world()
    for javascript, width in ((False, 1280), (True, 320)):
        context, page = _new_page(browser, javascript=javascript, width=width)
        login(page, live_server, helper.email, PASSWORD, totp_now())
        page.goto(f"{live_server.url}/personnes/{person.pk}/")
        if width == 320:
            assert_fits_320(page)
            assert_accessible(page, context="person file at 320 px")
        else:
            page.fill("textarea[name=text]", "Sans JavaScript.")
            page.click("#notes button[type=submit]")
            assert "Sans JavaScript." in page.locator("#notes").inner_text()
            page.locator("#notes details summary").first.click()
        context.close()
    assert PrivateNote.objects.filter(text="Sans JavaScript.").exists()


def test_proposal_and_mes_suivis_pages_are_accessible(browser, live_server):
    organisation = OrganisationFactory()
    helper = helper_of(organisation)
    person = PersonFactory(created_by_organisation=organisation)
    context, page = _new_page(browser, javascript=True)
    login(page, live_server, helper.email, PASSWORD, totp_now())
    page.goto(f"{live_server.url}/personnes/{person.pk}/suivi/")
    assert_accessible(page, context="follow-up proposal")
    context.close()
    propose(organisation=organisation, person=person, helper=helper, method="account")
    for width in (1280, 320):
        context, page = _new_page(browser, javascript=True, width=width)
        login(page, live_server, person.user.email, PASSWORD)
        page.goto(f"{live_server.url}/personnes/mes-suivis/")
        assert organisation.name in page.locator("main").inner_text()
        assert_accessible(page, context="Mes suivis")
        if width == 320:
            assert_fits_320(page)
        context.close()
