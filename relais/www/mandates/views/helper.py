"""The helper's space: people followed, pending and ending mandates; accompaniment sessions and
their figures."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from relais import policy
from relais.core import csv as safe_csv
from relais.core.downloads import set_download_name
from relais.mandates import selectors, services
from relais.mandates.models import AccompanimentTheme, MandateState
from relais.procedures import selectors as procedure_selectors
from relais.www.decorators import allowed
from relais.www.mandates import forms
from relais.www.mandates.views.common import (
    _errors,
    _journal_list,
    _org,
)

# --- Helper space -------------------------------------------------------------------------------


@allowed("mandates.helper_space")
def helper_home(request):
    organisation = _org(request)
    followed = selectors.persons_followed(organisation=organisation)
    dossiers = procedure_selectors.dossiers_by_person(person_ids=[entry["person"].pk for entry in followed])
    for entry in followed:
        entry["dossiers"] = dossiers.get(entry["person"].pk, [])
    pending = list(selectors.mandates_of_organisation(organisation=organisation, states=[MandateState.PENDING]))
    expiring = list(selectors.expiring_mandates(organisation=organisation))
    recently_ended = list(
        selectors.mandates_of_organisation(
            organisation=organisation, states=[MandateState.EXPIRED, MandateState.REVOKED]
        )[:10]
    )
    shown = [entry["person"] for entry in followed] + [m.person_id for m in pending + expiring + recently_ended]
    _journal_list(request, shown, what="helper_home")
    return render(
        request,
        "mandates/helper_home.html",
        {
            "title": _("Personnes accompagnées"),
            "organisation": organisation,
            "followed": followed,
            "pending": pending,
            "expiring": expiring,
            "recently_ended": recently_ended,
            "can_create": policy.allows(request.user, "mandate.create"),
            "is_manager": policy.allows(request.user, "accompaniment.stats"),
        },
    )


# --- Accompaniment sessions ---------------------------------------------------------------------


@allowed("accompaniment.record")
def accompaniment_list(request):
    organisation = _org(request)
    sessions = list(selectors.accompaniment_sessions(organisation=organisation, limit=50))
    _journal_list(request, [s.person_id for s in sessions], what="accompaniment_list")
    return render(
        request,
        "mandates/accompaniment_list.html",
        {
            "title": _("Accompagnements"),
            "sessions": sessions,
            "is_manager": policy.allows(request.user, "accompaniment.stats"),
        },
    )


@allowed("accompaniment.record")
def accompaniment_new(request):
    organisation = _org(request)
    persons = [entry["person"] for entry in selectors.persons_followed(organisation=organisation)]
    form = forms.AccompanimentForm(request.POST or None, persons=persons)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next((p for p in persons if p.pk == data.get("person")), None)
        try:
            services.accompaniment_record(
                actor=request.user,
                organisation=organisation,
                happened_on=data["happened_on"],
                duration_minutes=data["duration_minutes"],
                themes=data["themes"],
                outcome=data["outcome"],
                notes=data["notes"],
                person=person,
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Accompagnement enregistré."))
            return redirect("mandates:accompaniment_list")
    if request.method == "GET":  # the form offers the people followed by name
        _journal_list(request, persons, what="accompaniment_new")
    return render(request, "mandates/accompaniment_new.html", {"title": _("Noter un accompagnement"), "form": form})


@allowed("accompaniment.stats")
def accompaniment_stats(request):
    organisation = _org(request)
    counts = selectors.accompaniment_counts(organisation=organisation)
    themes = [(value, label) for value, label in AccompanimentTheme.choices if counts["totals"].get(value)]
    rows = [
        {
            "month": month,
            "sessions": counts["sessions_by_month"][month],
            "cells": [counts["table"][month].get(value, 0) for value, _label in themes],
        }
        for month in counts["months"]
    ]
    return render(
        request,
        "mandates/accompaniment_stats.html",
        {
            "title": _("Accompagnements : chiffres"),
            "themes": themes,
            "rows": rows,
            "totals": [counts["totals"].get(value, 0) for value, _label in themes],
        },
    )


@allowed("accompaniment.stats")
def accompaniment_export(request):
    organisation = _org(request)
    counts = selectors.accompaniment_counts(organisation=organisation)
    buffer = io.StringIO()
    writer = safe_csv.writer(buffer, delimiter=";")
    writer.writerow(["mois", "theme", "libelle", "accompagnements"])
    labels = dict(AccompanimentTheme.choices)
    for month in counts["months"]:
        for theme, count in sorted(counts["table"][month].items()):
            writer.writerow([month, theme, str(labels.get(theme, theme)), count])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return set_download_name(response, f"accompagnements-{timezone.localdate():%Y%m%d}.csv")
