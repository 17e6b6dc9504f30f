"""The commune picker in a real browser: htmx autocompletion with the keyboard, and without JavaScript."""

import io

import pytest

from relais.territory import demo
from tests.browser.fixtures import assert_accessible, assert_fits_320

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def territory():
    demo.load({}, io.StringIO())  # the real communes of the Rhône and the Bouches-du-Rhône


def test_autocomplete_with_the_keyboard(page, live_server, territory):
    page.goto(f"{live_server.url}/communes/")
    field = page.locator("#id_commune")
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-expanded") == "false"
    field.press_sequentially("venis", delay=30)
    listbox = page.locator("#id_commune-listbox")
    listbox.wait_for(state="visible")
    assert field.get_attribute("aria-expanded") == "true"
    assert page.locator("[role=option]").first.inner_text().startswith("Vénissieux")
    assert "proposée" in page.locator("[data-picker-live]").inner_text()
    assert_accessible(page, context="picker open")

    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == "id_commune-option-1"
    assert page.locator("#id_commune-option-1").get_attribute("aria-selected") == "true"
    field.press("Enter")  # chooses the option, does not submit
    assert field.input_value() == "Vénissieux (69200)"
    assert page.locator("input[name=commune_code]").input_value() == "69259"
    assert field.get_attribute("aria-expanded") == "false"
    assert "/communes/?" not in page.url

    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/communes/?*")
    assert page.locator("#commune-title").inner_text() == "Vénissieux"
    assert "Rhône (69)" in page.locator(".relais-commune").inner_text()
    assert_accessible(page, context="result")


def test_escape_closes_and_typing_clears_the_chosen_code(page, live_server, territory):
    page.goto(f"{live_server.url}/communes/")
    field = page.locator("#id_commune")
    field.press_sequentially("marseil", delay=30)
    page.locator("#id_commune-listbox").wait_for(state="visible")
    field.press("ArrowDown")
    field.press("ArrowUp")  # wraps to the last option
    options = page.locator("[role=option]")
    assert options.nth(options.count() - 1).get_attribute("aria-selected") == "true"
    field.press("Escape")
    assert page.locator("#id_commune-results").is_hidden()
    field.press("ArrowDown")
    options.first.click()
    assert page.locator("input[name=commune_code]").input_value() == "13055"
    field.press("Backspace")
    assert page.locator("input[name=commune_code]").input_value() == ""


def test_without_javascript_ambiguous_then_choice(nojs_page, live_server, territory):
    page = nojs_page
    page.goto(f"{live_server.url}/communes/")
    assert page.locator("#id_commune").get_attribute("role") is None
    page.fill("#id_commune", "69170")  # several communes share this postcode
    page.locator("main button[type=submit]").click()
    assert "Plusieurs communes correspondent" in page.locator("#id_commune-desc-error").inner_text()
    page.get_by_label("Tarare (69170)").check(force=True)
    page.locator("main button[type=submit]").click()
    assert page.locator("#commune-title").inner_text() == "Tarare"

    page.fill("#id_commune", "Venisieux")  # a spelling mistake
    page.locator("main button[type=submit]").click()
    assert "Vouliez-vous dire" in page.content()
    page.get_by_label("Vénissieux (69200)").check(force=True)
    page.locator("main button[type=submit]").click()
    assert page.locator("#commune-title").inner_text() == "Vénissieux"


def test_error_states_accessible_and_fit_320(page, narrow_page, live_server, territory):
    page.goto(f"{live_server.url}/communes/?commune=Saint-Genis")
    assert "Choisissez votre commune" in page.content()
    assert_accessible(page, context="ambiguous")
    page.goto(f"{live_server.url}/communes/?commune=Lyom")
    assert_accessible(page, context="unknown with suggestions")
    narrow_page.goto(f"{live_server.url}/communes/?commune=Saint-Genis")
    assert_fits_320(narrow_page)
    narrow_page.locator("#id_commune").fill("")
    narrow_page.locator("#id_commune").press_sequentially("saint", delay=30)
    narrow_page.locator("#id_commune-listbox").wait_for(state="visible")
    assert_fits_320(narrow_page)
