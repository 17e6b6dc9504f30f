"""The back office: procedures of the organisation, their dossiers (list, CSV export), one dossier, decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from relais.core import csv as safe_csv
from relais.core.downloads import set_download_name
from relais.procedures import fields as F_
from relais.procedures import selectors, services
from relais.procedures.models import DossierState
from relais.procedures.states import allowed_moves, what_next
from relais.www.decorators import allowed
from relais.www.procedures import forms as pforms
from relais.www.procedures.views.common import organisation, procedure_for_agent, require, summary

MOVE_LABELS = {
    "start_review": gettext_lazy("Commencer l'instruction"),
    "request_correction": gettext_lazy("Demander une correction"),
    "accept": gettext_lazy("Accepter"),
    "refuse": gettext_lazy("Refuser"),
    "close": gettext_lazy("Classer sans suite"),
    "reopen": gettext_lazy("Rouvrir le dossier"),
}


@allowed("procedures.backoffice")
def backoffice_home(request):
    org = organisation(request)
    return render(
        request,
        "procedures/backoffice_home.html",
        {
            "title": _("Instruction des dossiers"),
            "procedures": selectors.procedures_of_organisation(organisation=org),
            "organisation": org,
            "help_organisation": org,
        },
    )


def _filtered(request, procedure):
    form = pforms.BackofficeFilterForm(
        request.GET or None,
        states=[c for c in DossierState.choices if c[0] != DossierState.DRAFT],
        agents=selectors.organisation_agents(organisation=procedure.organisation),
    )
    filters = {}
    if form.is_valid():
        filters = {
            "state": form.cleaned_data.get("etat") or "",
            "assignee": form.cleaned_data.get("instructeur") or "",
            "since": form.cleaned_data.get("depuis"),
            "until": form.cleaned_data.get("jusqu"),
        }
    return form, selectors.backoffice_dossiers(procedure=procedure, me=request.user, **filters)


@allowed("procedures.backoffice")
def backoffice_list(request, procedure_id):
    procedure = procedure_for_agent(request, procedure_id)
    form, qs = _filtered(request, procedure)
    page_obj = selectors.backoffice_page(
        qs, request.GET.get("page"), after=request.GET.get("apres", ""), before=request.GET.get("avant", "")
    )
    services.dossiers_list_record(procedure=procedure, actor=request.user, dossiers=page_obj.object_list)
    query = request.GET.copy()
    for key in ("page", "apres", "avant"):
        query.pop(key, None)
    return render(
        request,
        "procedures/backoffice_list.html",
        {
            "title": _("Dossiers — %(title)s") % {"title": procedure.title},
            "procedure": procedure,
            "form": form,
            "page_obj": page_obj,
            "query": query.urlencode(),
            "help_organisation": procedure.organisation,
        },
    )


@allowed("procedures.backoffice")
def backoffice_export(request, procedure_id):
    procedure = procedure_for_agent(request, procedure_id)
    _form, qs = _filtered(request, procedure)
    fields = F_.input_fields(procedure.current_version.fields if procedure.current_version else [])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    set_download_name(response, f"dossiers-{procedure.slug}.csv")
    response.write("\ufeff")
    writer = safe_csv.writer(response, delimiter=";")
    writer.writerow(
        [_("Référence"), _("État"), _("Déposé le"), _("Usager"), _("Instructeur")] + [f["label"] for f in fields]
    )
    count = 0
    for row in selectors.export_rows(qs, fields):
        writer.writerow(row)
        count += 1
    services.dossiers_export_record(procedure=procedure, actor=request.user, count=count)
    return response


@allowed("procedures.backoffice")
def backoffice_dossier(request, dossier_id):
    dossier = selectors.dossier_get(dossier_id=dossier_id)
    require(request, "dossier.instruct", dossier)
    services.dossier_record_read(dossier=dossier, actor=request.user)
    versions = selectors.dossier_versions(dossier=dossier)
    numbers = [v.number for v in versions]
    shown = versions[-1] if versions else None
    try:
        wanted = int(request.GET.get("version", "0"))
        shown = next((v for v in versions if v.number == wanted), shown)
    except ValueError:
        pass
    diff, diff_pair = [], None
    if len(versions) >= 2:
        try:
            old = int(request.GET.get("de", numbers[-2]))
            new = int(request.GET.get("a", numbers[-1]))
        except ValueError:
            old, new = numbers[-2], numbers[-1]
        diff = selectors.version_diff(dossier=dossier, old_number=old, new_number=new)
        diff_pair = (old, new)
    attachments = selectors.attachments_by_id(dossier=dossier)
    moves = [
        {
            "to": to,
            "name": move.name,
            "label": MOVE_LABELS[move.name],
            "reason_required": move.reason_required,
        }
        # The agent's buttons: the person's own moves (sending a correction) are not the agent's to make.
        for to, move in allowed_moves(dossier.state)
        if move.by_agent
    ]
    return render(
        request,
        "procedures/backoffice_dossier.html",
        {
            "title": _("Dossier %(ref)s") % {"ref": dossier.reference},
            "dossier": dossier,
            "versions": versions,
            "shown": shown,
            "summary": summary(dossier, shown.data, attachments) if shown else [],
            "attachment_version": shown.number if shown else None,  # its files are served through the version
            "diff": diff,
            "diff_pair": diff_pair,
            "moves": moves,
            "reason_form": pforms.ReasonForm(),
            "agents": selectors.organisation_agents(organisation=dossier.procedure.organisation),
            "timeline": selectors.timeline(dossier=dossier),
            "messages_list": selectors.dossier_messages(dossier=dossier),
            "message_form": pforms.MessageForm(),
            "help_organisation": dossier.procedure.organisation,
            "what_next": what_next(dossier),
        },
    )


@require_POST
@allowed("procedures.backoffice")
def backoffice_action(request, dossier_id):
    dossier = selectors.dossier_get(dossier_id=dossier_id)
    require(request, "dossier.instruct", dossier)
    action = request.POST.get("action", "")
    try:
        if action == "assign":
            assignee = selectors.assignee_for(actor=request.user, choice=request.POST.get("assignee", ""))
            services.dossier_assign(dossier=dossier, actor=request.user, assignee=assignee)
            messages.success(request, _("Dossier attribué."))
        elif action in DossierState.values:
            services.dossier_decide(
                dossier=dossier, actor=request.user, to=action, reason=request.POST.get("reason", "")
            )
            messages.success(
                request,
                _("Le dossier est maintenant « %(state)s ». La personne est prévenue.")
                % {"state": DossierState(action).label},
            )
        else:
            messages.error(request, _("Action inconnue."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("procedures:backoffice_dossier", dossier.pk)
