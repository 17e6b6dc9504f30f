"""Journal entries about a person's documents, told in plain French by the one journal renderer
(`relais.journal.rendering`); this module only looks up the organisations' names."""

from __future__ import annotations

from relais.journal import rendering
from relais.organisations.selectors import organisation_names


def describe_entries(entries) -> list[rendering.Line]:
    entries = list(entries)
    names = organisation_names(ids={e.organisation_id for e in entries})
    return rendering.describe(entries, organisation_names=names)
