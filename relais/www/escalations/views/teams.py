"""An organisation's manager declares its answering teams (« groupes »)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from relais.escalations import selectors, services
from relais.escalations.models import Team
from relais.www.decorators import allowed
from relais.www.escalations.forms import TeamForm
from relais.www.escalations.views.common import errors_text, organisation_of


@allowed("escalation.teams")
def team_list(request):
    organisation = organisation_of(request)
    return render(
        request,
        "escalations/teams.html",
        {"title": _("Équipes qui répondent aux saisines"), "teams": selectors.teams_of_organisation(organisation)},
    )


def _initial(team: Team) -> dict:
    members = list(team.members.select_related("user"))
    return {
        "name": team.name,
        "email": team.email,
        "public_note": team.public_note,
        "categories": team.categories,
        "departements": " ".join(d.code for d in team.departements.all()),
        "communes": " ".join(c.code for c in team.communes.all()),
        "members": "\n".join(m.user.email for m in members if not m.is_manager),
        "managers": "\n".join(m.user.email for m in members if m.is_manager),
    }


@allowed("escalation.teams")
def team_edit(request, team_id: int | None = None):
    organisation = organisation_of(request)
    team = None
    if team_id is not None:
        team = Team.objects.filter(pk=team_id, organisation=organisation).first()
        if team is None:
            raise Http404
    form = TeamForm(request.POST or None, initial=_initial(team) if team else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.team_save(
                    actor=request.user,
                    organisation=organisation,
                    team=team,
                    name=data["name"],
                    email=data["email"],
                    public_note=data["public_note"],
                    categories=data["categories"],
                    departement_codes=data["departements"],
                    commune_codes=data["communes"],
                    member_emails=data["members"],
                    manager_emails=data["managers"],
                )
            except ValidationError as error:
                form.add_error(None, errors_text(error))
            else:
                messages.success(request, _("L'équipe est enregistrée."))
                return redirect("escalations:teams")
    title = _("Modifier l'équipe %(name)s") % {"name": team.name} if team else _("Nouvelle équipe")
    return render(request, "escalations/team_edit.html", {"title": title, "form": form, "team": team}, status=status)
