"""The person's "Qui a fait quoi pour moi": only sentences, never a journal code name."""

import re

import pytest
from django.urls import reverse

from relais.mandates import selectors
from tests.factories import verified_login
from tests.mandates.history_world import CODE_NAME, build_history_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


def _journal_items(html: str) -> list[str]:
    block = html.split('class="relais-journal"', 1)[1].split("</ol>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in block.split("<li>")[1:]]


def test_history_tells_sentences_only(client):
    world = build_history_world()
    reference = world["dossier"].reference
    verified_login(client, world["person"].user)
    items = _journal_items(client.get(reverse("mandates:person_mandates")).content.decode())
    text = "\n".join(items)
    assert f"La CAF du Rhône a accepté votre dossier {reference}" in text
    assert f"La CAF du Rhône vous demande de corriger votre dossier {reference}" in text
    assert f"La CAF du Rhône a consulté votre dossier {reference}" in text
    assert f"France Services Test a envoyé votre dossier {reference}" in text
    assert "France Services Test a commencé une démarche pour vous" in text
    assert "France Services Test a activé le mandat" in text
    for item in items:
        assert not CODE_NAME.search(item), item
        assert "_" not in item, item


def test_history_lines_say_who_did_it():
    world = build_history_world()
    lines = selectors.person_history(person=world["person"])
    accepted = next(line for line in lines if "accepté" in line.sentence)
    assert accepted.by == str(world["agent"])  # the sentence names the organisation; `by` the agent
    assert accepted.organisation == "La CAF du Rhône" and accepted.category == "dossier"
    assert any(line.person_data_access for line in lines)
