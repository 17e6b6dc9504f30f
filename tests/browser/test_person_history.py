"""The person's "Qui a fait quoi pour moi" in Chromium: a demo-like person with a mandate and a
dossier processed by an agent (review, correction requested, accepted) reads only sentences,
never a journal code name; axe-core finds no violation."""

import pytest

from tests.browser.fixtures import assert_accessible, login
from tests.factories import PASSWORD
from tests.mandates.history_world import CODE_NAME, build_history_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_person_history_reads_as_sentences(page, live_server, settings):
    settings.AXES_ENABLED = False
    world = build_history_world()
    reference = world["dossier"].reference
    login(page, live_server, world["person"].user.email, PASSWORD)
    page.goto(f"{live_server.url}/mandats/mes-mandats/")
    items = page.locator(".relais-journal li").all_inner_texts()
    assert items
    text = "\n".join(items)
    assert f"La CAF du Rhône a accepté votre dossier {reference}" in text
    assert f"La CAF du Rhône vous demande de corriger votre dossier {reference}" in text
    assert "France Services Test a activé le mandat" in text
    for item in items:
        assert not CODE_NAME.search(item), item
        assert "_" not in item, item
        assert ": accept" not in item and "démarche :" not in item, item
    assert_accessible(page, context="person history")
