"""The signed link of every message: see the appointment, cancel it (until 4 hours before), rebook,
download the .ics file, join the waiting list. Anyone holding the link may use it, as in the messages."""

from __future__ import annotations

from django.contrib import messages as flash
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.appointments import links, messages, services
from relais.appointments.models import AppointmentState, WaitingEntry
from relais.core.errors import DomainError
from relais.journal.services import journal_record
from relais.policy.roles import active_organisation
from relais.www.decorators import allowed


def _journal_if_professional(request, appointment) -> None:
    """Someone other than the person opens their link (a helper, an agent): a professional access, journaled."""
    user = request.user
    if not user.is_authenticated or getattr(getattr(user, "person", None), "pk", None) == appointment.person_id:
        return
    journal_record(
        action="appointment.viewed",
        actor=user,
        organisation=active_organisation(user),
        person=appointment.person_id,
        obj=appointment,
    )


@allowed("page.public")
def manage(request, token: str):
    appointment = links.appointment_from_token(token)
    _journal_if_professional(request, appointment)
    now = timezone.now()
    planned = appointment.state == AppointmentState.UNKNOWN and appointment.starts_at > now
    return render(
        request,
        "appointments/manage.html",
        {
            "title": _("Votre rendez-vous"),
            "appointment": appointment,
            "token": token,
            "what": messages.subject_of(appointment),
            "when": messages.when(appointment),
            "where": messages.where(appointment),
            "planned": planned,
            "may_cancel": planned and now <= services.cancel_deadline(appointment),
            "waiting": WaitingEntry.objects.filter(appointment=appointment).exists(),
            "may_wait": planned and appointment.starts_at - now > services.NO_OFFER_WITHIN,
        },
    )


@require_POST
@allowed("page.public")
def cancel(request, token: str):
    appointment = links.appointment_from_token(token)
    try:
        services.appointment_cancel(
            appointment=appointment, actor=request.user if request.user.is_authenticated else None
        )
        flash.success(request, _("Votre rendez-vous est annulé. Vous pouvez en choisir un autre."))
    except DomainError as exc:
        flash.error(request, exc.message)
    return redirect("appointments:manage", token=token)


@allowed("page.public")
def ics(request, token: str):
    appointment = links.appointment_from_token(token)
    _journal_if_professional(request, appointment)
    response = HttpResponse(messages.ics(appointment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rendez-vous.ics"'
    return response


@require_POST
@allowed("page.public")
def waiting(request, token: str):
    appointment = links.appointment_from_token(token)
    if appointment.state != AppointmentState.UNKNOWN:
        flash.error(request, _("Ce rendez-vous n'est plus prévu."))
    else:
        services.waiting_join(appointment=appointment)
        flash.success(
            request, _("C'est noté : si un créneau plus tôt se libère, nous vous prévenons (3 fois au plus).")
        )
    return redirect("appointments:manage", token=token)
