"""To-do lists, composed from the person file's registry (relais/casefile/registry.py) only.

- the person's home: what the person must do (correct a dossier, answer a message, renew a document,
  confirm an appointment) and what others are doing for them;
- the helper's worklist: the persons the organisation follows (a grant: mandate in force, follow-up)
  with something pending, oldest first, filterable by helper and by whom it waits for.

Whatever a domain registers as pending shows up here without this module knowing the domain. The
counts shown in the navigation are cached a minute per user (`nav_count_*`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from relais.accounts.models import Person
from relais.casefile import registry
from relais.casefile.registry import Pending, Scope, WaitingFor
from relais.policy.roles import active_organisation

WAITING_LABELS = {
    WaitingFor.PERSON: _("attend la personne"),
    WaitingFor.ADMINISTRATION: _("attend l'administration"),
    WaitingFor.HELPER: _("attend l'aidant"),
}
NAV_COUNT_SECONDS = 60
_FAR = dt.datetime.max.replace(tzinfo=dt.UTC)


def person_todo(person, user=None) -> dict[str, list[Pending]]:
    """What `person` must do themself, and what others (administration, helper) are doing for them."""
    if person is None or person.erased_at is not None:
        return {"for_you": [], "for_others": []}
    items = registry.pending(Scope.for_self(person, user=user))
    return {
        "for_you": [item for item in items if item.waiting_for == WaitingFor.PERSON],
        "for_others": [item for item in items if item.waiting_for != WaitingFor.PERSON],
    }


@dataclass
class WorkRow:
    person: Person
    items: list[Pending] = field(default_factory=list)
    grants: tuple = ()

    @property
    def oldest(self) -> dt.datetime | None:
        dates = [item.since for item in self.items if item.since is not None]
        return min(dates) if dates else None

    def count(self, waiting_for: str) -> int:
        return sum(1 for item in self.items if item.waiting_for == waiting_for)


def followed_persons(*, organisation):
    """The persons the organisation follows or may follow (every registered relation), not erased."""
    condition = Q(pk__in=[])
    for queryset in registry.related_person_querysets(organisation=organisation):
        condition |= Q(pk__in=queryset)
    return Person.objects.filter(condition, erased_at__isnull=True).order_by("last_name", "first_name", "pk")


def helper_worklist(*, organisation, user=None, helper_id: int | None = None, waiting_for: str = "") -> list[WorkRow]:
    """Followed persons with something pending, oldest pending first.

    `helper_id`: only the persons whose grant (mandate, follow-up) that helper holds; `waiting_for`:
    only what waits for the person, the administration or the helper."""
    rows: list[WorkRow] = []
    if organisation is None:
        return rows
    for person in followed_persons(organisation=organisation):
        scope = registry.scope_for(organisation=organisation, person=person, user=user)
        if not scope.grants:
            continue
        if helper_id and helper_id not in {grant.by_user_id for grant in scope.grants}:
            continue
        items = registry.pending(scope)
        if waiting_for:
            items = [item for item in items if item.waiting_for == waiting_for]
        if items:
            rows.append(WorkRow(person=person, items=items, grants=scope.grants))
    rows.sort(key=lambda row: (row.oldest or _FAR, row.person.last_name, row.person.pk))
    return rows


def _cached(key: str, compute) -> int:
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, NAV_COUNT_SECONDS)
    return value


def nav_count_person(request) -> int:
    """How many things wait for the logged-in person (shown beside « Mon espace »)."""
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is None:
        return 0
    return _cached(f"relais:todo:person:{person.pk}", lambda: len(person_todo(person, request.user)["for_you"]))


def nav_count_worklist(request) -> int:
    """How many followed persons of the active organisation have something pending (beside « À suivre »)."""
    organisation = active_organisation(request.user)
    if organisation is None:
        return 0
    return _cached(
        f"relais:todo:org:{organisation.pk}:{request.user.pk}",
        lambda: len(helper_worklist(organisation=organisation, user=request.user)),
    )


def forget_nav_counts(*, person=None, organisation=None, user=None) -> None:
    """Drop the cached counts (after an action that changes them, and in tests)."""
    if person is not None:
        cache.delete(f"relais:todo:person:{person.pk}")
    if organisation is not None and user is not None:
        cache.delete(f"relais:todo:org:{organisation.pk}:{user.pk}")
