"""The person file's registries: each domain adds what it knows of a person without the others knowing.

The person file (« dossier usager complet », `/personnes/<id>/`) is composed by the screens from what
the domains register here, in a module of their own listed in their app config's `modules`
(`casefile_entries`). This layer sits below every domain (docs/adr/0011-person-file-hub.md), so a
domain imports it, never the reverse, and a new domain (referrals, escalations, appointments) adds
its entry types by registering, without touching the others:

- `register_grant`: why, and how far, an organisation may see a person's file (a mandate in force
  and its categories, a follow-up consent...). No grant, no file.
- `register_ended_grant`: the grants that ended (a mandate revoked, a follow-up withdrawn), to say
  plainly why the file is refused, and when the last one ended (for the notes' retention).
- `register_relation`: the persons an organisation follows or may follow (for the person search).
- `register_timeline`: entries of the one timeline, newest first.
- `register_pending`: what is waiting, and for whom (the person, the administration, the helper).
- `register_panel`: a titled block of the file (documents expiring soon, benefits received or missed).

Every provider runs a constant number of queries whatever the person's history (the file's query
count is tested), and returns only what the `Scope` allows: a provider of category-bound data
(dossiers, documents) keeps to `scope.covers(category)`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

#: every mandate category: what a person sees of their own file, or a grant covering all domains
ALL_CATEGORIES = "*"


class WaitingFor:
    PERSON = "person"  # « attend la personne »
    ADMINISTRATION = "administration"  # « attend l'administration »
    HELPER = "helper"  # « attend l'aidant »


@dataclass(frozen=True)
class Grant:
    """One reason an organisation may see a person's file, with its reach."""

    source: str  # "mandate", "follow_up"...
    label: str  # plain French, e.g. « Mandat en cours jusqu'au 3 mars 2027 : Logement, Social-Santé »
    categories: frozenset[str]  # mandate categories covered, or {ALL_CATEGORIES}
    until: dt.datetime | None = None
    by_user_id: int | None = None  # the helper who holds it for the organisation (mandate or follow-up author)


@dataclass(frozen=True)
class EndedGrant:
    """A grant that no longer holds, with the plain-French reason (« Le suivi a été retiré le 3 mars 2027. »)."""

    source: str
    ended_at: dt.datetime
    text: str


@dataclass(frozen=True)
class Scope:
    """Who is looking at whose file, and how far they may see. `organisation` is None for the person themself."""

    person: Any
    organisation: Any = None
    user: Any = None
    grants: tuple[Grant, ...] = ()

    @classmethod
    def for_self(cls, person, user=None) -> Scope:
        return cls(person=person, user=user, grants=(Grant("self", "", frozenset({ALL_CATEGORIES})),))

    @property
    def is_self(self) -> bool:
        return self.organisation is None

    @property
    def categories(self) -> frozenset[str]:
        cats: set[str] = set()
        for grant in self.grants:
            cats |= grant.categories
        return frozenset(cats)

    def covers(self, category: str | None) -> bool:
        """May this scope see data of `category`? Data without a category needs any grant."""
        cats = self.categories
        if not self.grants:
            return False
        if ALL_CATEGORIES in cats or not category:
            return True
        return category in cats


@dataclass(frozen=True)
class Event:
    """One entry of the timeline: a sentence, its time, and where to look further."""

    at: dt.datetime
    kind: str  # registered kind, e.g. "procedures.dossier"
    text: str  # plain French sentence
    url: str = ""
    category: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Pending:
    """Something waiting: for whom (`WaitingFor`), since when, what to do."""

    waiting_for: str
    text: str
    since: dt.datetime | None = None
    url: str = ""
    kind: str = ""


@dataclass(frozen=True)
class PanelItem:
    text: str
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    items: list[PanelItem] = field(default_factory=list)
    empty_text: str = ""
    order: int = 100


GrantProvider = Callable[..., Iterable[Grant]]  # (organisation, person) -> grants
EndedGrantProvider = Callable[..., EndedGrant | None]  # (organisation, person) -> the latest ended grant, or None
RelationProvider = Callable[..., Any]  # (organisation) -> queryset of person ids (values_list("pk") style)
TimelineProvider = Callable[..., Iterable[Event]]  # (scope, limit) -> events, newest first
PendingProvider = Callable[..., Iterable[Pending]]  # (scope) -> pending items
PanelProvider = Callable[..., Panel | None]  # (scope) -> a panel, or None when it has nothing to say


_GRANTS: dict[str, GrantProvider] = {}
_ENDED: dict[str, EndedGrantProvider] = {}
_RELATIONS: dict[str, RelationProvider] = {}
_TIMELINE: dict[str, TimelineProvider] = {}
_PENDING: dict[str, PendingProvider] = {}
_PANELS: dict[str, PanelProvider] = {}


def _register(table: dict, name: str):
    def decorator(fn):
        table[name] = fn  # the same name again replaces it (a module may be re-imported)
        return fn

    return decorator


def register_grant(name: str):
    return _register(_GRANTS, name)


def register_ended_grant(name: str):
    return _register(_ENDED, name)


def register_relation(name: str):
    return _register(_RELATIONS, name)


def register_timeline(name: str):
    return _register(_TIMELINE, name)


def register_pending(name: str):
    return _register(_PENDING, name)


def register_panel(name: str):
    return _register(_PANELS, name)


def grants_for(*, organisation, person) -> tuple[Grant, ...]:
    if organisation is None or person is None or getattr(person, "erased_at", None) is not None:
        return ()
    found: list[Grant] = []
    for name in sorted(_GRANTS):
        found.extend(_GRANTS[name](organisation, person))
    return tuple(found)


def last_ended_grant(*, organisation, person) -> EndedGrant | None:
    """The grant of this organisation on this person that ended last (None if none ever did)."""
    if organisation is None or person is None:
        return None
    found = [ended for name in sorted(_ENDED) if (ended := _ENDED[name](organisation, person)) is not None]
    return max(found, key=lambda ended: ended.ended_at, default=None)


def scope_for(*, organisation, person, user=None) -> Scope:
    return Scope(
        person=person, organisation=organisation, user=user, grants=grants_for(organisation=organisation, person=person)
    )


def related_person_querysets(*, organisation) -> list:
    """One queryset of person ids per registered relation (persons this organisation follows or may follow)."""
    return [_RELATIONS[name](organisation) for name in sorted(_RELATIONS)]


def timeline(scope: Scope, *, limit: int = 200) -> list[Event]:
    if not scope.grants:
        return []
    events: list[Event] = []
    for name in sorted(_TIMELINE):
        events.extend(_TIMELINE[name](scope, limit))
    events.sort(key=lambda event: event.at, reverse=True)
    return events[:limit]


def pending(scope: Scope) -> list[Pending]:
    if not scope.grants:
        return []
    items: list[Pending] = []
    for name in sorted(_PENDING):
        items.extend(_PENDING[name](scope))
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    items.sort(key=lambda item: item.since or far)
    return items


def panels(scope: Scope) -> list[Panel]:
    if not scope.grants:
        return []
    found = [panel for name in sorted(_PANELS) if (panel := _PANELS[name](scope)) is not None]
    found.sort(key=lambda panel: (panel.order, panel.key))
    return found


def registered() -> dict[str, list[str]]:
    """Names of every provider, by registry (for tests and the contributor docs)."""
    return {
        "grant": sorted(_GRANTS),
        "ended_grant": sorted(_ENDED),
        "relation": sorted(_RELATIONS),
        "timeline": sorted(_TIMELINE),
        "pending": sorted(_PENDING),
        "panel": sorted(_PANELS),
    }


_TABLES = {"grant": _GRANTS, "relation": _RELATIONS, "timeline": _TIMELINE, "pending": _PENDING, "panel": _PANELS}


@contextmanager
def provider_for_test(kind: str, name: str, fn):
    """Register a provider for the duration of a test (the registries are process-wide)."""
    table = _TABLES[kind]
    previous = table.get(name)
    table[name] = fn
    try:
        yield fn
    finally:
        if previous is None:
            table.pop(name, None)
        else:
            table[name] = previous
