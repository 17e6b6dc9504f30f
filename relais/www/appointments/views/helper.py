"""A professional books for a person, from the person file: choose a reason, a slot, confirm. A warning
when the person has neither phone nor email (nobody can send them the confirmation: hand it over)."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from relais import policy
from relais.accounts.selectors import person_by_id
from relais.appointments import messages, services
from relais.appointments import selectors as appointment_selectors
from relais.appointments.models import Appointment
from relais.core.errors import DomainError
from relais.directory.models import Place
from relais.journal.services import journal_record
from relais.notifications.services import recipient_route
from relais.policy.roles import active_organisation
from relais.www.appointments.views.booking import _summary
from relais.www.appointments.views.common import chosen, reason_or_404, week_context


def _person_for(request, person_id: int, reason=None):
    person = person_by_id(person_id)
    if person is None:
        raise Http404
    decision = policy.decide(request.user, "appointment.book_for", reason, person=person)
    if not decision:
        if not request.user.is_authenticated:
            raise policy.Refused()
        raise policy.Refused(decision.reason or _("Vous ne pouvez pas prendre ce rendez-vous pour cette personne."))
    return person


def _journal_view(request, person) -> None:
    journal_record(
        action="appointment.viewed",
        actor=request.user,
        organisation=active_organisation(request.user),
        person=person,
        obj=person,
    )


def _unreachable(person) -> str:
    route = recipient_route(person=person)
    if route.address and route.channel in ("sms", "email"):
        return ""
    return _(
        "Cette personne n'a ni téléphone mobile ni adresse électronique : elle ne recevra ni confirmation ni "
        "rappel. Donnez-lui la date par écrit."
    )


def _login_or(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def reasons(request, person_id: int):
    if (response := _login_or(request)) is not None:
        return response
    person = _person_for(request, person_id)
    organisation = active_organisation(request.user)
    rows = list(appointment_selectors.reasons_for_professional(organisation=organisation))
    _journal_view(request, person)
    return render(
        request,
        "appointments/helper_reasons.html",
        {
            "title": _("Prendre rendez-vous pour %(person)s") % {"person": person},
            "person": person,
            "reasons": rows,
            "warning": _unreachable(person),
        },
    )


def slots(request, person_id: int, reason_id: int):
    if (response := _login_or(request)) is not None:
        return response
    reason = reason_or_404(reason_id)
    person = _person_for(request, person_id, reason)
    context = week_context(request, reason)
    _journal_view(request, person)
    context.update(
        {
            "title": _("Choisir un créneau : %(reason)s") % {"reason": reason.name},
            "person": person,
            "helper": True,
            "warning": _unreachable(person),
        }
    )
    return render(request, "appointments/slots.html", context)


def book(request, person_id: int, reason_id: int):
    if (response := _login_or(request)) is not None:
        return response
    reason = reason_or_404(reason_id)
    person = _person_for(request, person_id, reason)
    error, slot = "", None
    try:
        agent_id, start = chosen(request, reason)
        if request.method == "POST":
            appointment = services.appointment_book(
                actor=request.user,
                person=person,
                reason=reason,
                agent_id=agent_id,
                starts_at=start,
                organisation=active_organisation(request.user),
            )
            flash.success(
                request,
                _("Rendez-vous pris pour %(person)s %(when)s.")
                % {"person": person, "when": messages.when(appointment)},
            )
            return (
                redirect("persons:file", person_id=person.pk)
                if _file_visible(request, person)
                else redirect("appointments:helper_reasons", person_id=person.pk)
            )
        slot = _summary(reason, agent_id, start)
        if slot is None:
            error = str(services.SlotTaken.default_message)
    except DomainError as exc:
        error = exc.message
    _journal_view(request, person)
    appointment = None
    if slot:
        appointment = Appointment(reason=reason, starts_at=slot.starts_at, ends_at=slot.ends_at)
        appointment.place = Place.objects.get(pk=slot.place_id)
    return render(
        request,
        "appointments/book.html",
        {
            "title": _("Confirmer le rendez-vous"),
            "reason": reason,
            "slot": slot,
            "when": messages.when(appointment) if appointment else "",
            "where": messages.where(appointment) if appointment else "",
            "error": error,
            "person": person,
            "helper": True,
            "warning": _unreachable(person),
            "missing": services.missing_documents(reason=reason, person=person),
            "post_url": request.get_full_path(),
        },
        status=400 if error and request.method == "POST" else 200,
    )


def _file_visible(request, person) -> bool:
    return policy.allows(request.user, "casefile.view_file", person)
