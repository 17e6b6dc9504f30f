"""Take-up of a right probably not claimed: one table of allowed changes, one function that applies them.

    detected ──▶ contacted ──▶ claiming ──▶ obtained
        │            │            └──────▶ not_interested ──▶ contacted (changed their mind)
        └────────────┴─▶ claiming | obtained | not_interested

`unclaimed_transition` is the only code that assigns `UnclaimedRight.state`: it checks the change,
keeps it in the history and journals it (with the person)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.errors import DomainError
from relais.journal.services import journal_record
from relais.rights.models import TakeUpState, UnclaimedRight, UnclaimedRightChange

S = TakeUpState

TRANSITIONS: dict[str, set[str]] = {
    S.DETECTED: {S.CONTACTED, S.CLAIMING, S.OBTAINED, S.NOT_INTERESTED},
    S.CONTACTED: {S.CLAIMING, S.OBTAINED, S.NOT_INTERESTED},
    S.CLAIMING: {S.OBTAINED, S.NOT_INTERESTED},
    S.NOT_INTERESTED: {S.CONTACTED, S.CLAIMING},
    S.OBTAINED: set(),
}

TO_DO = (S.DETECTED,)
IN_PROGRESS = (S.CONTACTED, S.CLAIMING)
CLOSED = (S.OBTAINED, S.NOT_INTERESTED)


class TakeUpError(DomainError):
    """A change not allowed from the row's current state (plain French)."""


def next_states(state: str) -> list[tuple[str, str]]:
    """(value, label) of the states reachable from `state`, in the table's order."""
    return [(value, label) for value, label in S.choices if value in TRANSITIONS.get(state, set())]


@transaction.atomic
def unclaimed_transition(right: UnclaimedRight, *, to: str, actor) -> UnclaimedRight:
    right = UnclaimedRight.objects.select_for_update().get(pk=right.pk)
    if to not in TRANSITIONS.get(right.state, set()):
        raise TakeUpError(
            _("Cette aide est « %(state)s » : on ne peut pas la passer à « %(to)s ».")
            % {"state": right.get_state_display(), "to": S(to).label if to in S.values else to}
        )
    previous = right.state
    right.state = to
    right.state_changed_at = timezone.now()
    right.state_changed_by = actor
    right.save(update_fields=["state", "state_changed_at", "state_changed_by"])
    UnclaimedRightChange.objects.create(right=right, from_state=previous, to_state=to, by=actor)
    journal_record(
        action="rights.unclaimed_marked",
        actor=actor,
        organisation=right.organisation_id,
        person=right.person_id,
        obj=right,
        details={"benefit": right.benefit, "label": right.label, "from": previous, "to": to},
    )
    return right
