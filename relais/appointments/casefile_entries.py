"""What appointments add to the person file: each appointment in the timeline, the upcoming ones in a
panel with the entry point « Prendre rendez-vous pour cette personne ». One query per provider."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.appointments.messages import when
from relais.appointments.models import Appointment, AppointmentState
from relais.casefile.registry import Event, Panel, PanelItem, register_panel, register_timeline


def _label(appointment: Appointment) -> str:
    return _("Rendez-vous « %(reason)s » avec %(place)s %(when)s") % {
        "reason": appointment.reason.name,
        "place": appointment.place.name,
        "when": when(appointment),
    }


@register_timeline("appointments.appointment")
def appointment_events(scope, limit: int) -> list[Event]:
    rows = (
        Appointment.objects.filter(person=scope.person)
        .select_related("reason", "place")
        .order_by("-created_at")[:limit]
    )
    return [
        Event(
            at=row.created_at,
            kind="appointments.appointment",
            text=_label(row),
            detail=row.get_state_display(),
        )
        for row in rows
    ]


@register_panel("appointments.upcoming")
def upcoming_panel(scope) -> Panel:
    rows = (
        Appointment.objects.upcoming(timezone.now())
        .filter(person=scope.person)
        .select_related("reason", "place")
        .order_by("starts_at")[:10]
    )
    items = [PanelItem(text=_label(row)) for row in rows]
    if not scope.is_self:
        items.append(
            PanelItem(
                text=_("Prendre rendez-vous pour cette personne"),
                url=reverse("appointments:helper_reasons", kwargs={"person_id": scope.person.pk}),
            )
        )
    return Panel(
        key="appointments",
        title=_("Rendez-vous"),
        items=items,
        empty_text=_("Aucun rendez-vous prévu."),
        order=40,
    )


__all__ = ["AppointmentState"]
