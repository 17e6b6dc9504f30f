"""The person's "Qui a fait quoi pour moi": only sentences, never a journal code name."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from relais.journal import actions, rendering
from relais.journal.models import Entry
from relais.mandates import selectors
from tests.factories import verified_login
from tests.mandates.history_world import CODE_NAME, build_history_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


def _journal_items(html: str) -> list[str]:
    block = html.split('class="relais-journal"', 1)[1].split("</section>", 1)[0]
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


def test_history_is_grouped_by_day_with_the_weekday(client):
    world = build_history_world()
    verified_login(client, world["person"].user)
    html = client.get(reverse("mandates:person_mandates")).content.decode()
    block = html.split('class="relais-journal"', 1)[1].split("</section>", 1)[0]
    days = re.findall(r"<h3[^>]*>([^<]+)</h3>", block)
    assert days, block
    for day in days:
        assert re.fullmatch(r"(Lundi|Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche) (1er|\d{1,2}) \w+ \d{4}", day), day
    assert len(days) == len(set(days))  # one heading per day


def test_day_text_names_the_weekday():
    at = timezone.make_aware(dt.datetime(2026, 3, 3, 14, 5))
    with translation.override("fr"):
        assert rendering.day_text(at) == "Mardi 3 mars 2026"
        assert rendering.time_text(at) == "14 h 05"
        assert rendering.day_text(timezone.make_aware(dt.datetime(2026, 9, 1, 9, 0))) == "Mardi 1er septembre 2026"


def test_every_declared_action_reads_as_a_history_line_naming_the_organisation():
    """Every action of the registry, as the person's history shows it: a sentence, the organisation's name
    (in the sentence or beside it), no code name, no internal id."""
    at = timezone.make_aware(dt.datetime(2026, 3, 3, 14, 5))
    entries = [
        Entry(
            at=at,
            action=code,
            actor_label="Sami Dupont",
            organisation_id=91,
            object_type="procedures.dossier",
            object_id="4",
            details={key: "exemple" for key in action.details} | {"category": "logement"},
        )
        for code, action in sorted(actions.declared().items())
    ]
    with translation.override("fr"):
        lines = rendering.describe(entries, organisation_names={91: "La CAF du Rhône"})
    assert len(lines) == len(entries)
    for entry, line in zip(entries, lines, strict=True):
        shown = f"{line.sentence} ({line.by})"
        assert line.sentence.strip(), entry.action
        assert "La CAF du Rhône" in shown, (entry.action, shown)
        assert entry.action not in shown and not CODE_NAME.search(shown), (entry.action, shown)
        assert "91" not in shown and "#" not in shown, (entry.action, shown)
        assert rendering.MISSING not in line.sentence, (entry.action, line.sentence)
        assert line.day == "Mardi 3 mars 2026"
