"""Done-when journey of issue 18, in Chromium as a new coordinator would, with and without JavaScript:

Claire, coordinator of the Rhône, opens her dashboard (built from the shipped Rhône extract of the real open
data): the commune map with its legend and the table of the same figures, sorted by a header link; the
flagged communes with their reasons; the stale places by organisation; she launches a freshness campaign and
the editor of the stale places gets the message. The public national page shows the map of départements.
axe-core finds no violation and the pages fit 320 px."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.notifications.models import Notification
from relais.observatory.paths import DEMO_DATA
from relais.observatory.services import observatory_build
from tests.browser.fixtures import _new_page, assert_accessible, assert_fits_320, login, submit
from tests.directory.factories import PlaceFactory
from tests.factories import PASSWORD, DepartementFactory, OrganisationFactory, UserFactory, add_totp, totp_now
from tests.mandates.factories import helper_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


def _world():
    claire = UserFactory(email="claire.coordination@example.org", first_name="Claire")
    claire.coordinated_departements.add(DepartementFactory(code="69", name="Rhône"))
    add_totp(claire)
    organisation = OrganisationFactory(name="Centre social des Pentes")
    editor = helper_of(organisation)
    for days in (220, 400):
        PlaceFactory(organisation=organisation, checked_at=timezone.now() - dt.timedelta(days=days))
    PlaceFactory(organisation=OrganisationFactory(name="Mairie à jour"), checked_at=timezone.now())
    observatory_build(data_dir=DEMO_DATA)
    return claire, organisation, editor


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_observatory_done_when(browser, live_server, javascript):
    claire, organisation, editor = _world()
    context, page = _new_page(browser, javascript=javascript)
    login(page, live_server, claire.email, PASSWORD, totp_now())
    page.goto(f"{live_server.url}/")
    submit(page, page.get_by_role("link", name="Observatoire").first)
    assert "/observatoire/tableau-de-bord/" in page.url
    assert "Rhône" in page.locator("h1").inner_text()

    # The commune map, its legend and the table of the same figures
    svg = page.locator("svg[role=img]")
    assert svg.count() == 1
    assert page.locator("#obs-map-title").text_content().startswith("Carte des communes du département Rhône")
    assert svg.locator("path").count() > 250
    assert page.locator(".obs-legend li").count() == 6
    rows = page.locator("#tableau ~ .fr-table tbody tr")
    assert rows.count() > 250
    assert_accessible(page, context="dashboard")
    submit(page, page.get_by_role("link", name="Commune", exact=True))
    assert "sort=nom&dir=desc" in page.url
    submit(page, page.get_by_role("link", name="Commune", exact=True))  # again: the other way
    assert "sort=nom&dir=asc" in page.url
    assert page.locator("th[aria-sort=ascending]").inner_text() == "Commune"
    first_name = page.locator("#tableau ~ .fr-table tbody tr").first.locator("td").first.inner_text()
    assert first_name.startswith("A")  # sorted by name: Affoux, Albigny-sur-Saône…

    # Flagged communes with their reasons
    flags = page.locator(".obs-flags li")
    assert flags.count() > 0
    assert "indice" in flags.first.inner_text() and ";" in flags.first.inner_text()

    # Stale places by organisation, then the campaign
    stale = page.locator("#fraicheur ~ .fr-table").first
    assert "Centre social des Pentes" in stale.inner_text() and "Mairie à jour" not in stale.inner_text()
    submit(page, "#campaign")
    assert "Campagne lancée" in page.locator("main").inner_text()
    assert (
        Notification.objects.filter(key__startswith=f"directory-freshness-{organisation.pk}-{editor.pk}-").count() == 1
    )
    assert_accessible(page, context="after the campaign")

    # The public national page: the map of départements
    public_context, public = _new_page(browser, javascript=javascript)
    public.goto(f"{live_server.url}/observatoire/")
    assert public.locator("svg[role=img] path").count() == 96
    assert "Rhône (69)" in public.locator("table").first.inner_text()
    assert_accessible(public, context="national page")
    public_context.close()
    context.close()


def test_observatory_pages_fit_320(browser, live_server):
    claire, _organisation, _editor = _world()
    context, page = _new_page(browser, javascript=True, width=320)
    for path in ("/observatoire/", "/observatoire/departement/69/", "/observatoire/commune/69003/"):
        page.goto(f"{live_server.url}{path}")
        assert_fits_320(page)
    login(page, live_server, claire.email, PASSWORD, totp_now())
    page.goto(f"{live_server.url}/observatoire/tableau-de-bord/")
    assert_fits_320(page)
    assert_accessible(page, context="dashboard at 320 px")
    context.close()
