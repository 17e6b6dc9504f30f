"""Registry of the extra sections of a person's export (« télécharger mes données »).

`person_export_data` already exports every row pointing to the person or their account. Some personal data
sits one step further (the messages of an escalation's or a referral's thread point to the escalation, not to
the person): the domain that owns it registers a section here, in a module listed in its app config's
`modules`, so the base layer never imports a domain. A section returns JSON-ready dicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_SECTIONS: dict[str, Callable[..., list[dict[str, Any]]]] = {}


def register_export(name: str):
    """Declare a section `name` of the export: `fn(*, person) -> list[dict]`. Re-registering replaces it."""

    def decorator(fn):
        _SECTIONS[name] = fn
        return fn

    return decorator


def export_sections(*, person) -> dict[str, list[dict[str, Any]]]:
    """Every registered section for `person`, by name; empty sections are left out."""
    sections = {}
    for name in sorted(_SECTIONS):
        rows = _SECTIONS[name](person=person)
        if rows:
            sections[name] = rows
    return sections
