import io
from pathlib import Path

import pytest
from django.core.management import call_command

from relais.organisations.models import MemberRole
from tests.browser.fixtures import assert_accessible, assert_fits_320, login, submit
from tests.conftest import missing_tool
from tests.directory.factories import PlaceFactory, ServiceFactory, venissieux
from tests.factories import PASSWORD, MembershipFactory, add_totp, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "territory"


@pytest.fixture
def places():
    venissieux()
    open_place = PlaceFactory(name="Accueil de jour Le Relais", hours="Mo-Su 00:00-24:00", languages=["fr", "ar"])
    ServiceFactory(place=open_place, name="Douches gratuites", thematiques=["hygiene--douches"])
    unknown = PlaceFactory(name="Bains-douches municipaux", hours="", latitude=45.705, longitude=4.89)
    ServiceFactory(place=unknown, name="Douches municipales", thematiques=["hygiene--douches"])
    ServiceFactory(
        place=PlaceFactory(name="Restaurant social"),
        name="Repas",
        thematiques=["equipement-et-alimentation--alimentation"],
    )
    return open_place


def test_without_javascript_find_shower_filter_open_now_open_place_and_print(nojs_page, live_server, places):
    page = nojs_page
    page.goto(f"{live_server.url}/aide/")
    page.fill("input[name=ou]", "Vénissieux")
    page.fill("input[name=q]", "douche")
    submit(page, "#recherche button[type=submit]")
    results = page.locator(".relais-result h3").all_inner_texts()
    assert results == ["Douches gratuites", "Douches municipales"]
    page.click("summary")
    page.click("label[for=id_ouvert]")
    submit(page, "#recherche button[type=submit]")
    assert page.locator(".relais-result h3").all_inner_texts() == ["Douches gratuites"]
    page.click("text=Douches gratuites")
    assert page.locator("h1").inner_text() == "Accueil de jour Le Relais"
    assert page.locator("a[href^='tel:']").count() >= 1
    page.click("text=Imprimer la fiche")
    assert "Accueil de jour Le Relais" in page.locator("h1").inner_text()
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    import pikepdf

    assert len(pikepdf.open(io.BytesIO(pdf)).pages) == 1  # the sheet fits one A4 page


def test_accessibility_of_search_results_place_and_edit_pages(page, narrow_page, live_server, places):
    page.goto(f"{live_server.url}/aide/")
    assert_accessible(page, context="search")
    page.goto(f"{live_server.url}/aide/?ou=V%C3%A9nissieux&q=douche&rayon=10")
    assert page.locator(".relais-result").count() == 2
    assert_accessible(page, context="results")
    page.goto(f"{live_server.url}/aide/?ou=Venisieux")
    assert_accessible(page, context="unknown commune")
    page.goto(f"{live_server.url}/aide/lieu/{places.pk}/")
    assert_accessible(page, context="place")
    narrow_page.goto(f"{live_server.url}/aide/?ou=V%C3%A9nissieux&q=douche")
    assert_fits_320(narrow_page)
    narrow_page.goto(f"{live_server.url}/aide/lieu/{places.pk}/")
    assert_fits_320(narrow_page)
    editor = MembershipFactory(organisation=places.organisation, role=MemberRole.HELPER).user
    add_totp(editor)
    login(page, live_server, editor.email, PASSWORD, totp=totp_now())
    page.goto(f"{live_server.url}/aide/lieu/{places.pk}/modifier/")
    assert_accessible(page, context="edit place")
    page.fill("input[name=hours]", "Mo-Fr 09:00-1200")
    page.click("form.relais-edit button[type=submit]")
    assert "caractère" in page.content()
    assert_accessible(page, context="edit place with error")
    page.goto(f"{live_server.url}/aide/lieu/{places.pk}/services/ajouter/")
    assert_accessible(page, context="add service")
    page.goto(f"{live_server.url}/aide/mes-lieux/")
    assert_accessible(page, context="my places")


def test_real_files_imported_then_found_in_browser_and_api(page, live_server, settings):
    settings.DIRECTORY_STALE_HIDE_DAYS = 100 * 365  # the files date from 2021–2023 (their dates are the freshness)
    if not (DATA / "france_services_20221201.csv").exists():
        missing_tool("shared data files missing (../shared/data/territory)")
    out = io.StringIO()
    call_command(
        "import_territory",
        regions=str(DATA / "regions_decoupage_administratif.csv"),
        departements=str(DATA / "departements_decoupage_administratif.csv"),
        communes=str(DATA / "communes_decoupage_administratif.csv"),
        no_progress=True,
        stdout=out,
    )
    call_command(
        "import_directory",
        "--format",
        "france-services",
        str(DATA / "france_services_20221201.csv"),
        "--no-progress",
        stdout=out,
    )
    call_command(
        "import_directory",
        "--format",
        "lieux-mediation-numerique",
        str(DATA / "lieux_mediation_numerique_hub_du_sud_paca_20230516.json"),
        "--no-progress",
        stdout=out,
    )
    page.goto(f"{live_server.url}/aide/")
    page.fill("input[name=ou]", "Martigues")
    page.keyboard.press("Escape")
    page.select_option("select[name=rayon]", "20")
    submit(page, "#recherche button[type=submit]")
    page.wait_for_selector(".relais-result")
    text = page.locator(".relais-results").inner_text()
    assert "France services" in text or "France Services" in text
    assert "Aide au numérique" in text
    response = page.request.get(
        f"{live_server.url}/api/v1/directory/search?code_commune=13056&distance=20&q=ordinateur"
    )
    body = response.json()
    assert response.status == 200 and body["total"] > 0
    assert all(item["distance"] <= 20 for item in body["items"])


def test_map_shown_only_with_a_tile_url(page, live_server, places, settings):
    page.goto(f"{live_server.url}/aide/?ou=V%C3%A9nissieux&q=douche")
    assert page.locator("#carte").count() == 0
    settings.MAP_TILE_URL = f"{live_server.url}/static/tuiles-absentes/{{z}}/{{x}}/{{y}}.png"
    page.goto(f"{live_server.url}/aide/?ou=V%C3%A9nissieux&q=douche")
    page.wait_for_selector("#carte.leaflet-container")
    assert page.locator("#carte .leaflet-marker-icon").count() == 2
    assert page.locator(".relais-result").count() == 2  # the list is still there
    assert_accessible(page, context="results with map")
