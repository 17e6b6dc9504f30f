"""The one renderer of journal entries: a sentence for the person, from the action's declaration.

It serves the person's "Qui a fait quoi pour moi" page, the safe's access history and the
professional views. The journal imports no domain: names of organisations are looked up by the
caller (`organisation_names`, id → name); whatever else a sentence needs is in the entry (its
`details`, stored at record time) or derived by the action's declaration (`values`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from relais.core.formats import date_words
from relais.journal import actions
from relais.journal.models import Entry

MISSING = "…"


class _Values(dict):
    """Placeholder values; a value missing from an old entry reads "…" rather than failing."""

    def __missing__(self, key: str) -> str:
        return MISSING


def placeholder_values(entry: Entry, *, organisation_name: str = "") -> dict:
    action = actions.get(entry.action)
    details = entry.details if isinstance(entry.details, dict) else {}
    values = _Values(
        organisation=organisation_name or _("une structure"),
        actor=entry.actor_label or _("une personne inconnue"),
    )
    for key in action.details:
        if details.get(key) not in (None, ""):
            values[key] = details[key]
    if action.values is not None:
        values.update({key: value for key, value in action.values(entry).items() if value not in (None, "")})
    return values


def entry_sentence(entry: Entry, *, organisation_name: str = "") -> str:
    """The entry told as a sentence in the active language (no code name)."""
    sentence = str(actions.get(entry.action).sentence_for(entry))
    return sentence % placeholder_values(entry, organisation_name=organisation_name)


@dataclass
class Line:
    at: dt.datetime
    when: str
    sentence: str
    actor: str
    organisation: str
    #: who did it, when the sentence does not already say it (actor and/or organisation)
    by: str
    under_mandate: bool
    on_your_behalf: bool
    category: str
    person_data_access: bool
    #: the day, for grouping a history by day: « Mardi 3 mars 2026 »
    day: str = ""
    #: the time of day: « 14 h 05 »
    time: str = ""


def when_text(at: dt.datetime) -> str:
    local = timezone.localtime(at)
    return _("le %(date)s à %(time)s") % {
        "date": date_words(local),
        "time": date_format(local, "H:i").replace(":", " h "),
    }


def day_text(at: dt.datetime) -> str:
    """« Mardi 3 mars 2026 » (« 1er » for the first of the month, in French)."""
    local = timezone.localtime(at) if timezone.is_aware(at) else at
    text = f"{date_format(local, 'l')} {date_words(local)}"
    return text[:1].upper() + text[1:]


def time_text(at: dt.datetime) -> str:
    local = timezone.localtime(at) if timezone.is_aware(at) else at
    return date_format(local, "H:i").replace(":", " h ")


def describe(entries: Iterable[Entry], *, organisation_names: Mapping[int, str] | None = None) -> list[Line]:
    names = organisation_names or {}
    lines = []
    for entry in entries:
        action = actions.get(entry.action)
        organisation = names.get(entry.organisation_id, "") if entry.organisation_id else ""
        used = action.placeholders(action.sentence_for(entry))
        by = [
            part
            for key, part in (("actor", entry.actor_label), ("organisation", organisation))
            if part and key not in used
        ]
        lines.append(
            Line(
                at=entry.at,
                when=when_text(entry.at),
                sentence=entry_sentence(entry, organisation_name=organisation),
                actor=entry.actor_label,
                organisation=organisation,
                by=", ".join(by),
                under_mandate=entry.mandate_id is not None,
                on_your_behalf=bool(entry.on_behalf_of_id),
                category=action.category,
                person_data_access=action.person_data_access,
                day=day_text(entry.at),
                time=time_text(entry.at),
            )
        )
    return lines
