"""The procedure builder: a new procedure (typed or imported), its description, fields, versions, export."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relais.core.downloads import set_download_name
from relais.organisations.selectors import organisation_choices
from relais.procedures import fields as F_
from relais.procedures import selectors, services
from relais.www.decorators import allowed
from relais.www.procedures import forms as pforms
from relais.www.procedures.views.common import organisation, procedure_for_agent, require


@allowed("procedures.backoffice")
def builder_create(request):
    org = organisation(request)
    form = pforms.ProcedureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            procedure = services.procedure_create(actor=request.user, organisation=org, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Démarche créée. Ajoutez maintenant ses questions."))
            return redirect("procedures:builder", procedure.pk)
    return render(
        request,
        "procedures/builder_create.html",
        {
            "title": _("Nouvelle démarche"),
            "form": form,
            "import_form": pforms.ImportForm(),
            "help_organisation": org,
        },
    )


@require_POST
@allowed("procedures.backoffice")
def builder_import(request):
    org = organisation(request)
    form = pforms.ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            payload = json.loads(form.cleaned_data["file"].read().decode("utf-8"))
            procedure = services.procedure_import(actor=request.user, organisation=org, payload=payload)
        except (ValueError, UnicodeDecodeError):
            messages.error(request, _("Ce fichier n'est pas du JSON lisible."))
        except ValidationError as exc:
            messages.error(request, _("Import impossible : %(problems)s") % {"problems": " ".join(exc.messages)})
        else:
            messages.success(request, _("Démarche importée en brouillon : vérifiez-la puis publiez-la."))
            return redirect("procedures:builder", procedure.pk)
    else:
        messages.error(request, _("Choisissez un fichier JSON."))
    return redirect("procedures:builder_create")


@allowed("procedures.backoffice")
def builder(request, procedure_id):
    procedure = procedure_for_agent(request, procedure_id)
    draft = services.draft_version_of(procedure)
    form = pforms.ProcedureForm(
        request.POST or None,
        initial={
            "title": procedure.title,
            "description": procedure.description,
            "audience": procedure.audience,
            "documents_needed": procedure.documents_needed,
            "estimated_minutes": procedure.estimated_minutes,
            "category": procedure.category,
            "prefill_partners": [str(pk) for pk in selectors.prefill_partner_ids(procedure=procedure)],
        },
        partner_choices=organisation_choices(exclude=procedure.organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.procedure_update(actor=request.user, procedure=procedure, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Description enregistrée."))
            return redirect("procedures:builder", procedure.pk)
    version = draft or procedure.current_version
    rows = services.field_ids(version.fields) if version else []
    return render(
        request,
        "procedures/builder.html",
        {
            "title": _("Construire — %(title)s") % {"title": procedure.title},
            "procedure": procedure,
            "form": form,
            "draft": draft,
            "version": version,
            "rows": [
                {"id": fid, "spec": spec, "parent": parent, "type_label": F_.FIELD_TYPES.get(spec.get("type"), "?")}
                for fid, spec, parent in rows
            ],
            "problems": F_.validate_definition(version.fields) if draft else [],
            "help_organisation": procedure.organisation,
            "versions": selectors.procedure_versions(procedure=procedure),
        },
    )


@allowed("procedures.backoffice")
def builder_field(request, procedure_id):
    procedure = procedure_for_agent(request, procedure_id)
    draft = services.draft_version_of(procedure)
    if draft is None:
        messages.info(request, _("Créez d'abord une nouvelle version (la version publiée ne change plus)."))
        return redirect("procedures:builder", procedure.pk)
    field_id = request.GET.get("id") or request.POST.get("id") or ""
    parent = request.GET.get("bloc") or request.POST.get("bloc") or ""
    existing = None
    if field_id:
        existing = next((spec for fid, spec, _p in services.field_ids(draft.fields) if fid == field_id), None)
        if existing is None:
            raise Http404
    initial = pforms.FieldForm.initial_from(existing) if existing else {"required": True}
    form = pforms.FieldForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        definition = form.definition(existing)
        try:
            if existing is not None:
                services.version_field_replace(
                    actor=request.user, version=draft, field_id=field_id, definition=definition
                )
            else:
                services.version_field_add(
                    actor=request.user, version=draft, definition=definition, parent=parent or None
                )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Champ enregistré."))
            return redirect("procedures:builder", procedure.pk)
    return render(
        request,
        "procedures/builder_field.html",
        {
            "title": _("Modifier un champ") if existing else _("Ajouter un champ"),
            "procedure": procedure,
            "form": form,
            "field_id": field_id,
            "parent": parent,
            "help_organisation": procedure.organisation,
        },
    )


@require_POST
@allowed("procedures.backoffice")
def builder_action(request, procedure_id):
    procedure = procedure_for_agent(request, procedure_id)
    action = request.POST.get("action", "")
    field_id = request.POST.get("id", "")
    try:
        with transaction.atomic():
            if action == "new_version":
                services.version_draft(actor=request.user, procedure=procedure)
                messages.success(
                    request, _("Nouvelle version en brouillon : les dossiers en cours gardent leur version.")
                )
            else:
                draft = services.draft_version_of(procedure)
                if draft is None:
                    raise ValidationError(_("Aucune version en brouillon."))
                if action in ("up", "down"):
                    services.version_field_move(
                        actor=request.user, version=draft, field_id=field_id, delta=-1 if action == "up" else 1
                    )
                elif action == "remove":
                    services.version_field_remove(actor=request.user, version=draft, field_id=field_id)
                    messages.success(request, _("Champ retiré."))
                elif action == "publish":
                    services.version_publish(actor=request.user, version=draft)
                    messages.success(request, _("Version publiée : les personnes peuvent commencer la démarche."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("procedures:builder", procedure.pk)


@allowed("procedures.backoffice")
def builder_export(request, version_id):
    version = selectors.version_get(version_id=version_id)
    require(request, "procedure.manage", version.procedure)
    payload = services.procedure_export(version=version)
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    return set_download_name(response, f"{version.procedure.slug}-v{version.number}.json")
