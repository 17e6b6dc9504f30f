"""Services of escalations, by sub-flow (opening, thread, daily task), re-exported here."""

from relais.escalations.services.daily import auto_invite_due, daily, deadlines_warn, digests_send
from relais.escalations.services.opening import MANDATE_CATEGORIES, escalation_open, grant_for, teams_for
from relais.escalations.services.teams import team_save
from relais.escalations.services.thread import (
    acting_team,
    escalation_answer,
    escalation_close,
    escalation_hand_over,
    escalation_invite,
    escalation_mark_processed,
    escalation_note,
    escalation_seen,
    escalation_viewed,
    inbox_listed,
    person_named_record,
    preference_set,
)

__all__ = [
    "MANDATE_CATEGORIES",
    "acting_team",
    "auto_invite_due",
    "daily",
    "deadlines_warn",
    "digests_send",
    "escalation_answer",
    "escalation_close",
    "escalation_hand_over",
    "escalation_invite",
    "escalation_mark_processed",
    "escalation_note",
    "escalation_open",
    "escalation_seen",
    "grant_for",
    "preference_set",
    "team_save",
    "teams_for",
    "escalation_viewed",
    "inbox_listed",
    "person_named_record",
]
