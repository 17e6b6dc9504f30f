"""The referral lifecycle: one table of allowed transitions, one function that applies them.

    moderation ──validate──▶ sent ──open──▶ opened ──▶ accepted | refused
        │                     │               └──────▶ expired   (30 days without answer, daily task)
        └──────▶ refused      ├──────────────────────▶ accepted | refused | expired
                              └── cancelled (the person or the referrer, from any open state)

`referral_transition` is the only code that assigns `Referral.state`: it checks the transition, sets the
dates, journals it and tells the referring professional and the person (relais.referrals.notices)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.errors import DomainError
from relais.journal.services import journal_record
from relais.referrals import notices, stats
from relais.referrals.models import ANSWERED_STATES, CLOSED_STATES, Referral, ReferralState

S = ReferralState


class TransitionError(DomainError):
    """A transition not allowed from the referral's current state (message in plain French)."""


TRANSITIONS: dict[str, set[str]] = {
    S.MODERATION: {S.SENT, S.REFUSED, S.CANCELLED},
    S.SENT: {S.OPENED, S.ACCEPTED, S.REFUSED, S.EXPIRED, S.CANCELLED},
    S.OPENED: {S.ACCEPTED, S.REFUSED, S.EXPIRED, S.CANCELLED},
    S.ACCEPTED: set(),
    S.REFUSED: set(),
    S.EXPIRED: set(),
    S.CANCELLED: set(),
}

JOURNAL_ACTIONS = {
    S.SENT: "referral.sent",
    S.OPENED: "referral.opened",
    S.ACCEPTED: "referral.accepted",
    S.REFUSED: "referral.refused",
    S.EXPIRED: "referral.expired",
    S.CANCELLED: "referral.cancelled",
}


@transaction.atomic
def referral_transition(
    referral: Referral, *, to: str, actor=None, organisation=None, details: dict | None = None, **fields
) -> Referral:
    """Apply one allowed transition (with the answer's `fields`); journal it; notify after commit."""
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("service__place", "organisation", "referrer", "person")
        .get(pk=referral.pk)
    )
    if to not in TRANSITIONS.get(referral.state, set()):
        raise TransitionError(
            _("Cette orientation est « %(state)s » : cette action n'est plus possible.")
            % {"state": referral.get_state_display()}
        )
    now = timezone.now()
    previous = referral.state
    for name, value in fields.items():
        setattr(referral, name, value)
    if to == S.SENT:
        referral.sent_at = now
        referral.link_issued_at = now
    elif to == S.OPENED:
        referral.opened_at = now
    if to in ANSWERED_STATES and previous != S.MODERATION:
        referral.answered_at = now
    if to in CLOSED_STATES:
        referral.closed_at = now
    if to == S.CANCELLED:
        referral.link_version += 1  # the signed link stops working at once
    referral.state = to
    referral.save()
    journal_record(
        action=JOURNAL_ACTIONS[to],
        actor=actor,
        organisation=organisation,
        person=referral.person_id,
        obj=referral,
        details={"from": previous, "to": to, "service": referral.service_name, **(details or {})},
    )
    notices.state_changed(referral, to=to, previous=previous)
    if referral.service_id and to != S.OPENED:
        service_id = referral.service_id
        transaction.on_commit(lambda: stats.stats_refresh(service_ids=[service_id]))
    return referral
