"""Acting for a person under a mandate, and journaling what the helper sees."""

from __future__ import annotations

from django.db import transaction

from relais import policy
from relais.accounts.models import Person, User
from relais.journal.services import journal_record
from relais.mandates.models import (
    Mandate,
)
from relais.mandates.selectors import active_mandate_for
from relais.policy.roles import active_organisation

# --- Acting for a person ------------------------------------------------------------------------


@transaction.atomic
def acting_start(*, actor: User, person: Person, category: str, organisation=None) -> Mandate:
    """Check the mandate through the policy and journal the start of acting for the person."""
    organisation = organisation or active_organisation(actor)
    decision = policy.decide(actor, "mandate.act", person, category=category, organisation=organisation)
    if not decision:
        raise policy.Refused(decision.reason)
    mandate = active_mandate_for(organisation=organisation, person=person, category=category)
    journal_record(
        action="mandate.acting_started",
        actor=actor,
        organisation=organisation,
        person=person,
        on_behalf_of=person,
        mandate=mandate,
        obj=mandate,
        details={"category": category},
    )
    return mandate


@transaction.atomic
def acting_domain_switch(*, actor: User, mandate: Mandate, category: str, previous: str) -> Mandate:
    """The helper switches the acting session to another domain the same mandate covers (journaled)."""
    decision = policy.decide(actor, "mandate.act", mandate.person, category=category, mandate=mandate)
    if not decision:
        raise policy.Refused(decision.reason)
    journal_record(
        action="mandate.acting_domain_switched",
        actor=actor,
        organisation=mandate.organisation_id,
        person=mandate.person_id,
        on_behalf_of=mandate.person_id,
        mandate=mandate,
        obj=mandate,
        details={"category": category, "from": previous},
    )
    return mandate


def acting_record(*, actor: User, mandate: Mandate, action: str, obj=None, details: dict | None = None) -> None:
    """Journal one action done for the person under the mandate (for callers without their own entry)."""
    journal_record(
        action=action,
        actor=actor,
        organisation=mandate.organisation_id,
        person=mandate.person_id,
        on_behalf_of=mandate.person_id,
        mandate=mandate,
        obj=obj,
        details=details or {},
    )


def person_view_record(
    *, actor: User, organisation, person: Person, screen: str, mandate: Mandate | None = None
) -> None:
    """Journal that a helper saw a screen about the person (the mandate's detail, the acting home)."""
    journal_record(
        action="person.viewed",
        actor=actor,
        organisation=organisation,
        person=person,
        mandate=mandate,
        details={"screen": screen},
    )


def persons_list_record(*, actor: User, organisation, persons, screen: str) -> None:
    """Journal that a helper saw a list naming people (one entry for the list, the persons in its
    details). Nothing when the list names nobody."""
    ids = sorted({person.pk if isinstance(person, Person) else person for person in persons if person is not None})
    if not ids:
        return
    journal_record(
        action="person.listed",
        actor=actor,
        organisation=organisation,
        details={"screen": screen, "count": len(ids), "persons": ids},
    )
