"""The person books: reasons of a place or a procedure → free slots of a week → confirm. No JavaScript:
each step is a page with links or one small form, readable on a 320 px phone."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from relais import policy
from relais.appointments import links, messages, services
from relais.appointments import selectors as appointment_selectors
from relais.appointments.models import Appointment
from relais.appointments.slots import free_slots
from relais.core.errors import DomainError
from relais.directory.models import Place
from relais.policy.roles import is_person
from relais.procedures.models import Procedure
from relais.www.appointments.views.common import chosen, reason_or_404, week_context
from relais.www.decorators import allowed


@allowed("page.public")
def place_reasons(request, place_id: int):
    place = get_object_or_404(Place, pk=place_id, is_published=True)
    reasons = list(appointment_selectors.reasons_at_place(place=place))
    return render(
        request,
        "appointments/place_reasons.html",
        {"title": _("Prendre rendez-vous : %(place)s") % {"place": place.name}, "place": place, "reasons": reasons},
    )


@allowed("page.public")
def procedure_reasons(request, procedure_id: int):
    procedure = get_object_or_404(Procedure, pk=procedure_id, is_archived=False)
    reasons = list(appointment_selectors.reasons_for_procedure(procedure=procedure))
    return render(
        request,
        "appointments/procedure_reasons.html",
        {"title": _("Être aidé par une personne"), "procedure": procedure, "reasons": reasons},
    )


def _replacing(request) -> Appointment | None:
    token = request.GET.get("remplace") or request.POST.get("remplace")
    if not token:
        return None
    return links.appointment_from_token(token)


@allowed("page.public")
def slots(request, reason_id: int):
    reason = reason_or_404(reason_id)
    replacing = _replacing(request)
    context = week_context(request, reason)
    context.update(
        {
            "title": _("Choisir un créneau : %(reason)s") % {"reason": reason.name},
            "book_url": "appointments:book",
            "replacing": replacing,
            "remplace": request.GET.get("remplace", ""),
            "cannot_book": _why_not_bookable(request.user, reason) if replacing is None else "",
        }
    )
    return render(request, "appointments/slots.html", context)


def _why_not_bookable(user, reason) -> str:
    """Why this visitor cannot book here themself ("" when they can, or will once signed in): the slots
    are then shown as times, not as links to a page that would refuse them."""
    if not user.is_authenticated or policy.allows(user, "appointment.book_self", reason):
        return ""
    if is_person(user):
        return _("Ce motif se réserve avec un professionnel : appelez le lieu ou demandez à votre aidant.")
    return _(
        "Vous êtes connecté comme professionnel : pour réserver pour une personne, ouvrez son dossier "
        "(menu « Personnes accompagnées ») puis « Prendre rendez-vous »."
    )


def _summary(reason, agent_id, start):
    local = timezone.localtime(start).date()
    return next(
        (s for s in free_slots(reason=reason, start=local, end=local, agent_id=agent_id) if s.starts_at == start), None
    )


@allowed("page.public")
def book(request, reason_id: int):
    reason = reason_or_404(reason_id)
    replacing = _replacing(request)
    if replacing is not None:
        person = replacing.person
    else:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        policy.require(
            request.user,
            "appointment.book_self",
            reason,
            message=_("Ce motif se réserve avec un professionnel : appelez le lieu ou demandez à votre aidant."),
        )
        person = request.user.person
    error = ""
    try:
        agent_id, start = chosen(request, reason)
        if request.method == "POST":
            appointment = services.appointment_book(
                actor=request.user if request.user.is_authenticated else None,
                person=person,
                reason=reason,
                agent_id=agent_id,
                starts_at=start,
                replacing=replacing,
            )
            return redirect("appointments:manage", token=links.token_for(appointment))
        slot = _summary(reason, agent_id, start)
        if slot is None:
            error = str(services.SlotTaken.default_message)
    except DomainError as exc:
        error, slot = exc.message, None
    appointment = Appointment(reason=reason, starts_at=start, ends_at=start + reason.duration) if slot else None
    if slot:
        appointment.place = Place.objects.get(pk=slot.place_id)
    return render(
        request,
        "appointments/book.html",
        {
            "title": _("Confirmer le rendez-vous"),
            "reason": reason,
            "slot": slot,
            "when": messages.when(appointment) if slot else "",
            "where": messages.where(appointment) if slot else "",
            "error": error,
            "person": person,
            "remplace": request.GET.get("remplace") or request.POST.get("remplace") or "",
            "missing": services.missing_documents(reason=reason, person=person),
            "back_url": "appointments:slots",
            "post_url": request.get_full_path(),
        },
        status=400 if error and request.method == "POST" else 200,
    )


@allowed("person.space")
def mine(request):
    person = request.user.person
    rows = Appointment.objects.filter(person=person).select_related("reason", "place").order_by("-starts_at")[:100]
    items = [{"appointment": row, "when": messages.when(row), "url": links.manage_path(row)} for row in rows]
    return render(request, "appointments/mine.html", {"title": _("Mes rendez-vous"), "items": items})
