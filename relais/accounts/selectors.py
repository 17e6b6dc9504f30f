"""Reads of the accounts domain."""

from __future__ import annotations

from relais.accounts.models import Person


def person_by_id(person_id: int | None) -> Person | None:
    return Person.objects.filter(pk=person_id).first() if person_id else None
