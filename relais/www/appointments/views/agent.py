"""The agent's side: the day view (printable), marks after the appointment, opening slots, statistics."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages as flash
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from relais import policy
from relais.appointments import selectors, services
from relais.appointments.models import Appointment, AppointmentState, OpeningSlot
from relais.core.errors import DomainError
from relais.journal.services import journal_record
from relais.policy.roles import active_organisation
from relais.www.decorators import allowed

MARKS = [
    (AppointmentState.SEEN, gettext_lazy("Venu")),
    (AppointmentState.NOSHOW, gettext_lazy("Absent sans prévenir")),
    (AppointmentState.EXCUSED, gettext_lazy("Excusé")),
    (AppointmentState.REVOKED, gettext_lazy("Annulé par le service")),
]


@allowed("appointment.agent_day")
def day(request):
    chosen = parse_date(request.GET.get("date") or "") or timezone.localdate()
    team = request.GET.get("vue") == "structure" and policy.allows(request.user, "appointment.team_day")
    organisation = active_organisation(request.user)
    if team:
        rows = list(selectors.organisation_day(organisation=organisation, day=chosen))
    else:
        rows = list(selectors.agent_day(agent=request.user, day=chosen))
    if rows:
        journal_record(
            action="appointment.listed",
            actor=request.user,
            organisation=organisation,
            details={"count": len(rows), "persons": sorted({row.person_id for row in rows})},
        )
    return render(
        request,
        "appointments/day.html",
        {
            "title": _("Rendez-vous de la structure") if team else _("Mes rendez-vous du jour"),
            "day": chosen,
            "previous": chosen - dt.timedelta(days=1),
            "next": chosen + dt.timedelta(days=1),
            "rows": rows,
            "marks": MARKS,
            "now": timezone.now(),
            "team": team,
            "may_see_team": policy.allows(request.user, "appointment.team_day"),
        },
    )


@require_POST
@allowed("appointment.agent_day")
def mark(request, appointment_id: int):
    appointment = Appointment.objects.select_related("reason", "place", "person").filter(pk=appointment_id).first()
    if appointment is None:
        raise Http404
    policy.require(request.user, "appointment.mark", appointment)
    to = request.POST.get("etat", "")
    try:
        services.appointment_mark(appointment=appointment, actor=request.user, to=to)
        flash.success(request, _("C'est noté."))
    except DomainError as exc:
        flash.error(request, exc.message)
    local = timezone.localtime(appointment.starts_at).date()
    team = "&vue=structure" if request.POST.get("vue") == "structure" else ""
    return redirect(f"{reverse('appointments:day')}?date={local.isoformat()}{team}")


@allowed("appointment.agent_day")
def openings(request):
    rows = OpeningSlot.objects.filter(agent=request.user, removed_at__isnull=True).select_related("place")
    rows = rows.prefetch_related("reasons").order_by("first_day", "start_time")
    return render(request, "appointments/openings.html", {"title": _("Mes plages d'ouverture"), "rows": rows})


@require_POST
@allowed("appointment.agent_day")
def opening_remove(request, opening_id: int):
    opening = OpeningSlot.objects.filter(pk=opening_id, agent=request.user, removed_at__isnull=True).first()
    if opening is None:
        raise Http404
    count = services.opening_slot_remove(opening=opening, actor=request.user)
    flash.success(
        request,
        _("Plage supprimée. Rendez-vous annulés et personnes prévenues, avec d'autres créneaux proposés : %(n)s.")
        % {"n": count},
    )
    return redirect("appointments:openings")


@allowed("appointment.stats")
def stats(request):
    organisation = active_organisation(request.user)
    return render(
        request,
        "appointments/stats.html",
        {"title": _("Statistiques des rendez-vous"), "rows": selectors.stats(organisation=organisation)},
    )
