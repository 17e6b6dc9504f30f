"""Settings of appointments: a manager adds the organisation's reasons; an agent adds opening slots and
absences. A bad input keeps every answer and says what to fix."""

from __future__ import annotations

from django.contrib import messages as flash
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from relais.appointments import services
from relais.appointments.models import Reason
from relais.policy.roles import active_organisation
from relais.www.appointments.forms import AbsenceForm, OpeningSlotForm, ReasonForm
from relais.www.decorators import allowed


@allowed("appointment.manage_reasons")
def reasons(request):
    organisation = active_organisation(request.user)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.reason_create(organisation=organisation, actor=request.user, data=form.cleaned_data)
        flash.success(request, _("Motif ajouté."))
        return redirect("appointments:reasons")
    rows = Reason.objects.filter(organisation=organisation).order_by("name")
    return render(
        request, "appointments/reasons.html", {"title": _("Motifs de rendez-vous"), "rows": rows, "form": form}
    )


@allowed("appointment.agent_day")
def opening_add(request):
    organisation = active_organisation(request.user)
    form = OpeningSlotForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        services.opening_slot_create(agent=request.user, data=form.cleaned_data)
        flash.success(request, _("Plage d'ouverture ajoutée."))
        return redirect("appointments:openings")
    return render(request, "appointments/form.html", {"title": _("Ajouter une plage d'ouverture"), "form": form})


@allowed("appointment.agent_day")
def absence_add(request):
    form = AbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.absence_create(agent=request.user, data=form.cleaned_data)
        flash.success(request, _("Absence enregistrée : aucun créneau ne sera proposé pendant ce temps."))
        return redirect("appointments:openings")
    return render(request, "appointments/form.html", {"title": _("Ajouter une absence"), "form": form})
