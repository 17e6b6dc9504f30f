"""Issue 20, items 2 and 3 in Chromium: the place forms at 320 px, the result numbers at 360 px, the
back-office list's scrollable table, no code names on the agent's dossier page."""

from __future__ import annotations

import pytest

from relais.organisations.models import MemberRole
from tests.browser.fixtures import _new_page, assert_accessible, assert_fits_320, login
from tests.directory.factories import PlaceFactory, ServiceFactory, venissieux
from tests.factories import PASSWORD, MembershipFactory, add_totp, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = """() => [...document.querySelectorAll('main *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 4).map(el => `${el.tagName}.${el.className} right=${el.getBoundingClientRect().right}`)"""


@pytest.fixture
def narrow(browser):
    context, page = _new_page(browser, javascript=True, width=320)
    yield page
    context.close()


def test_the_place_forms_fit_a_320px_phone(narrow, live_server):
    venissieux()
    place = PlaceFactory(name="Accueil de jour Le Relais", languages=["fr", "ar"])
    editor = MembershipFactory(organisation=place.organisation, role=MemberRole.HELPER).user
    add_totp(editor)
    login(narrow, live_server, editor.email, PASSWORD, totp=totp_now())
    for path in ("/aide/mes-lieux/ajouter/", f"/aide/lieu/{place.pk}/modifier/"):
        narrow.goto(f"{live_server.url}{path}")
        assert "/connexion/" not in narrow.url
        assert not narrow.evaluate(WIDE), narrow.evaluate(WIDE)
        assert_fits_320(narrow)
        assert_accessible(narrow, context=f"{path} at 320px")


def test_the_result_numbers_are_not_cut_at_360px(browser, live_server):
    venissieux()
    for n in range(12):
        ServiceFactory(place=PlaceFactory(name=f"Lieu {n}"), name=f"Douches {n}", thematiques=["hygiene--douches"])
    context, page = _new_page(browser, javascript=True, width=360)
    try:
        page.goto(f"{live_server.url}/aide/?ou=V%C3%A9nissieux&q=douches")
        assert page.locator(".relais-result").count() >= 10
        # The numbers (list markers) sit in the list's left padding: the padding must hold « 10. »
        # and the list must start inside the screen.
        room = page.evaluate(
            """() => {
              const ol = document.querySelector('ol.relais-results');
              const li = ol.querySelector('li');
              const ctx = document.createElement('canvas').getContext('2d');
              ctx.font = getComputedStyle(li).font;
              const marker = ctx.measureText('10. ').width;
              const left = ol.getBoundingClientRect().left + parseFloat(getComputedStyle(ol).paddingLeft);
              return {left, marker, position: getComputedStyle(ol).listStylePosition};
            }"""
        )
        assert room["position"] == "inside" or room["left"] >= room["marker"], room
    finally:
        context.close()
