"""The appointment lifecycle: one table of allowed transitions, one function that applies them.

    unknown (planned) ──▶ seen        the agent marks the person came
              │     └──▶ noshow      the agent marks an absence without notice
              ├──▶ excused           cancelled by the person (until 4 h before), or marked by the agent
              └──▶ revoked           cancelled by the service (an opening slot removed, an agent away)

A mark made by mistake can be corrected by the agent (seen ⇄ noshow ⇄ excused). `appointment_transition`
is the only code that assigns `Appointment.state`: it checks, records the change, journals and lets the
caller notify."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from relais.appointments.models import Appointment, AppointmentState, Change
from relais.core.errors import DomainError
from relais.journal.services import journal_record

S = AppointmentState


class TransitionError(DomainError):
    """A change of state not allowed from the appointment's current state."""


TRANSITIONS: dict[str, set[str]] = {
    S.UNKNOWN: {S.SEEN, S.NOSHOW, S.EXCUSED, S.REVOKED},
    S.SEEN: {S.NOSHOW, S.EXCUSED},
    S.NOSHOW: {S.SEEN, S.EXCUSED},
    S.EXCUSED: {S.SEEN, S.NOSHOW},
    S.REVOKED: set(),
}

JOURNAL_ACTIONS = {
    S.SEEN: "appointment.marked",
    S.NOSHOW: "appointment.marked",
    S.EXCUSED: "appointment.cancelled",
    S.REVOKED: "appointment.revoked",
    S.UNKNOWN: "appointment.marked",
}


@transaction.atomic
def appointment_transition(appointment: Appointment, *, to: str, actor=None, note: str = "") -> Appointment:
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if to not in TRANSITIONS.get(appointment.state, set()):
        raise TransitionError(
            _("Ce rendez-vous est « %(state)s » : ce changement n'est pas possible.")
            % {"state": appointment.get_state_display()}
        )
    previous = appointment.state
    appointment.state = to
    appointment.save(update_fields=["state"])
    Change.objects.create(appointment=appointment, actor=actor, from_state=previous, to_state=to, note=note[:300])
    journal_record(
        action=JOURNAL_ACTIONS[to],
        actor=actor,
        organisation=appointment.reason.organisation_id,
        person=appointment.person_id,
        obj=appointment,
        details={"from": previous, "to": to},
    )
    return appointment
