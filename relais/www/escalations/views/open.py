"""Opening an escalation for a person, from the person file or from a dossier (`?dossier=<id>`): choose the
category, see the teams proposed for the person's commune, describe the situation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from relais import policy
from relais.accounts.selectors import person_by_id
from relais.documents.selectors import documents_of
from relais.escalations import services
from relais.escalations.models import Category, Team
from relais.procedures.models import Dossier
from relais.www.decorators import allowed
from relais.www.escalations.forms import CategoryForm, OpenForm
from relais.www.escalations.views.common import errors_text, organisation_of


def _dossier(request, person):
    """The dossier the escalation is about (the screen composes procedures and escalations)."""
    raw = request.GET.get("dossier") or request.POST.get("dossier") or ""
    if not raw.isdigit():
        return None
    return Dossier.objects.select_related("procedure").filter(pk=int(raw), person=person).first()


@allowed("escalation.create")
def escalation_new(request, person_id: int):
    person = person_by_id(person_id)
    if person is None:
        raise Http404
    policy.require(request.user, "escalation.create", person)
    organisation = organisation_of(request)
    dossier = _dossier(request, person)
    category = request.GET.get("categorie") or request.POST.get("categorie") or ""
    if category not in Category.values:
        category = ""
    context = {
        "title": _("Saisir une administration pour %(person)s") % {"person": person},
        "person": person,
        "dossier": dossier,
        "category_form": CategoryForm(initial={"categorie": category or Category.LOGEMENT}),
        "category": category,
    }
    if not category:
        services.person_named_record(actor=request.user, organisation=organisation, person=person)
        return render(request, "escalations/new.html", context)
    proposed = services.teams_for(commune=person.commune, category=category)
    if proposed:
        teams = Team.objects.filter(pk__in=[team.pk for team in proposed])
    else:  # no team covers the commune: every team of the category, the helper chooses
        teams = Team.objects.filter(
            pk__in=[t.pk for t in Team.objects.filter(is_active=True) if category in t.categories]
        )
    teams = teams.select_related("organisation")
    form = OpenForm(
        request.POST or None,
        teams=teams,
        documents=documents_of(person),
        initial={"team": proposed[0].pk if proposed else None},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                escalation = services.escalation_open(
                    actor=request.user,
                    organisation=organisation,
                    person=person,
                    team=data["team"],
                    category=category,
                    cause=data["cause"],
                    subject=data["subject"],
                    description=data["description"],
                    identifiers={k: data.get(k) for k in ("caf_number", "tax_number", "nir")},
                    original_request_on=data.get("original_request_on"),
                    dossier_id=dossier.pk if dossier else None,
                    dossier_reference=str(dossier.pk) if dossier else "",
                    procedure_label=dossier.procedure.title if dossier else "",
                    documents_attached=list(data.get("documents") or []),
                )
            except ValidationError as error:
                form.add_error(None, errors_text(error))
            except policy.Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("La saisine est envoyée à %(team)s.") % {"team": escalation.team.name})
                return redirect("escalations:detail", escalation_id=escalation.pk)
    services.person_named_record(actor=request.user, organisation=organisation, person=person)
    context.update({"form": form, "proposed": proposed, "category_label": Category(category).label})
    return render(request, "escalations/new.html", context, status=status)
