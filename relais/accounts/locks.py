"""Fields of one's profile that another app certifies and that nobody edits by hand (a registry: the
identity app registers the names FranceConnect certified, docs/adr/0020). `user_profile_update` refuses a
change to a locked field; the profile form shows them read-only."""

from __future__ import annotations

from collections.abc import Callable

_LOCKS: dict[str, Callable] = {}


def register_field_lock(name: str, fields_for: Callable) -> None:
    """`fields_for(user) -> set of profile field names` locked for that user."""
    _LOCKS[name] = fields_for


def locked_fields(user) -> set[str]:
    locked: set[str] = set()
    for fields_for in _LOCKS.values():
        locked |= set(fields_for(user))
    return locked
