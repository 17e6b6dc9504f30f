"""The escalation's lifecycle, derived from its thread: one table of what may be posted in each status,
one function (`escalation_post`) that appends a step, derives the status and journals it.

    new ──(an administration writes)──▶ in_progress ──processed──▶ processed ──close──▶ closed
     │                                      ▲                          │
     │                                      └──────(a new answer)──────┘
     └───────────────────────────────close─────────────────────────────────────────────▶ closed

- closed: the helper closed it;
- processed: the administration's last answer-like step (answer, processed, wrong team) is « processed »
  (the helper's question after it shows as a new-answer badge, it does not reopen the escalation);
- in progress: someone on the administration's side wrote in the thread (answer, note, invitation...);
- new: otherwise.

`escalation_refresh` is the only code that derives `Escalation.status`; `escalation_post` copies it (with the
sort keys) onto the escalation's invitations, the index of the agents' inboxes. Every step is a new row
(`Message`): two answers posted at once are two rows, neither is lost; the escalation row is locked while
the status is derived."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.errors import DomainError
from relais.escalations.calendar import business_hours_between
from relais.escalations.models import Escalation, Invitation, Kind, Message, Side, Status
from relais.journal.services import journal_record


class TransitionError(DomainError):
    """A step not allowed in the escalation's current status (plain French)."""


THREAD = {Kind.ANSWER, Kind.NOTE, Kind.INVITATION, Kind.WRONG_TEAM, Kind.AUTO_INVITATION}
TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: THREAD | {Kind.PROCESSED, Kind.CLOSED},
    Status.IN_PROGRESS: THREAD | {Kind.PROCESSED, Kind.CLOSED},
    Status.PROCESSED: {Kind.ANSWER, Kind.NOTE, Kind.INVITATION, Kind.AUTO_INVITATION, Kind.CLOSED},
    Status.CLOSED: set(),
}
#: the steps that decide between « in progress » and « processed »
ANSWER_LIKE = (Kind.ANSWER, Kind.PROCESSED, Kind.WRONG_TEAM)

JOURNAL_ACTIONS = {
    Kind.OPENED: "escalation.opened",
    Kind.ANSWER: "escalation.answered",
    Kind.NOTE: "escalation.noted",
    Kind.INVITATION: "escalation.invited",
    Kind.WRONG_TEAM: "escalation.handed_over",
    Kind.PROCESSED: "escalation.processed",
    Kind.AUTO_INVITATION: "escalation.auto_invited",
    Kind.CLOSED: "escalation.closed",
}


def derive_status(escalation: Escalation) -> str:
    """The status the thread says (two queries at most)."""
    steps = Message.objects.filter(escalation=escalation)
    if steps.filter(kind=Kind.CLOSED).exists():
        return Status.CLOSED
    last = (
        steps.filter(kind__in=ANSWER_LIKE, side=Side.ADMINISTRATION)
        .order_by("-created_at", "-pk")
        .values_list("kind", flat=True)
        .first()
    )
    if last == Kind.PROCESSED:
        return Status.PROCESSED
    if steps.filter(side=Side.ADMINISTRATION).exists():
        return Status.IN_PROGRESS
    return Status.NEW


def escalation_refresh(escalation: Escalation) -> Escalation:
    escalation.status = derive_status(escalation)
    return escalation


@transaction.atomic
def escalation_post(
    escalation: Escalation,
    *,
    kind: str,
    side: str,
    actor=None,
    team=None,
    text: str = "",
    invited_team=None,
    invited_user=None,
    details: dict | None = None,
) -> Message:
    """Append one step to the thread, keep the clock's timestamps, derive the status, journal it."""
    escalation = Escalation.objects.select_for_update().select_related("team").get(pk=escalation.pk)
    if kind != Kind.OPENED and kind not in TRANSITIONS[escalation.status]:
        raise TransitionError(
            _("Cette saisine est « %(status)s » : cette action n'est plus possible.")
            % {"status": escalation.get_status_display()}
        )
    now = timezone.now()
    message = Message.objects.create(
        escalation=escalation,
        kind=kind,
        side=side,
        author=actor,
        team=team,
        text=text,
        invited_team=invited_team,
        invited_user=invited_user,
        created_at=now,
    )
    if side == Side.ADMINISTRATION and kind in (Kind.ANSWER, Kind.PROCESSED):
        if escalation.first_answer_at is None:
            escalation.first_answer_at = now
            escalation.first_answer_hours = business_hours_between(escalation.created_at, now)
        escalation.last_admin_answer_at = now
    if kind == Kind.PROCESSED and escalation.processed_at is None:
        escalation.processed_at = now
        escalation.processing_hours = business_hours_between(escalation.created_at, now)
    if kind == Kind.CLOSED:
        escalation.closed_at = now
    escalation.last_activity_at = now
    escalation_refresh(escalation)
    escalation.save()
    Invitation.objects.filter(escalation=escalation).update(
        status=escalation.status,
        last_activity_at=escalation.last_activity_at,
        escalation_created_at=escalation.created_at,
        decision_due_on=escalation.decision_due_on,
    )
    journal_record(
        action=JOURNAL_ACTIONS[kind],
        actor=actor,
        organisation=team.organisation_id if team is not None else escalation.organisation_id,
        person=escalation.person_id,
        obj=escalation,
        details={"reference": escalation.reference, "status": escalation.status, **(details or {})},
    )
    return message
