"""Journal entries about a person's documents, told in plain French by the one journal renderer
(`relais.journal.rendering`); this module only looks up the organisations' names."""

from __future__ import annotations

from relais.journal import rendering
from relais.organisations.models import Organisation


def describe_entries(entries) -> list[rendering.Line]:
    entries = list(entries)
    org_ids = {e.organisation_id for e in entries if e.organisation_id}
    names = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    return rendering.describe(entries, organisation_names=names)
