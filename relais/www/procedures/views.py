"""Screens of procedures: catalogue, filling a dossier page by page, the person's space, the back office."""

from __future__ import annotations

import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from relais import policy
from relais.accounts.models import User
from relais.procedures import fields as F_
from relais.procedures import selectors, services
from relais.procedures.models import Attachment, DossierState, GlossaryTerm, Procedure, ProcedureVersion
from relais.procedures.services import NotReady, StaleDossier
from relais.procedures.states import allowed_moves, what_next
from relais.www.decorators import allowed
from relais.www.mandates.acting import acting_refusal, current_acting
from relais.www.procedures import forms as pforms

MOVE_LABELS = {
    "start_review": gettext_lazy("Commencer l'instruction"),
    "request_correction": gettext_lazy("Demander une correction"),
    "accept": gettext_lazy("Accepter"),
    "refuse": gettext_lazy("Refuser"),
    "close": gettext_lazy("Classer sans suite"),
    "reopen": gettext_lazy("Rouvrir le dossier"),
}


def _require(request, action: str, obj=None):
    if not request.user.is_authenticated:
        raise policy.Refused(_("Connectez-vous pour continuer."))
    policy.require(request.user, action, obj)


def _own(request, dossier) -> bool:
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    return person is not None and dossier.person_id is not None and dossier.person_id == person.pk


def _acting_kwargs(request, dossier) -> dict:
    """{"on_behalf_of", "mandate"} when a helper acts for the dossier's person (acting context), else {}."""
    if dossier.person_id is None or _own(request, dossier):
        return {}
    acting = current_acting(request)
    if acting is None or acting.person.pk != dossier.person_id:
        return {}
    return {"on_behalf_of": acting.person, "mandate": acting.mandate}


def _mandate_refusal(request, person, category: str, mandate=None) -> str:
    """Plain-French reason why the helper may not act for `person` in `category` ("" when allowed)."""
    decision = policy.decide(request.user, "mandate.act", person, category=category, mandate=mandate)
    return "" if decision else (decision.reason or _("Vous ne pouvez pas agir pour cette personne."))


def _after_draft_saved(request, acting: dict):
    if acting:
        messages.success(request, _("Les réponses sont enregistrées. Retrouvez ce brouillon dans l'espace « Agir pour %(person)s ».")
                         % {"person": acting["on_behalf_of"]})
        return redirect("mandates:acting_home")
    messages.success(request, _("Vos réponses sont enregistrées. Retrouvez ce brouillon dans « Mes démarches »."))
    return redirect("procedures:my_dossiers")


# --- Public catalogue -----------------------------------------------------------------------


def catalogue(request):
    category = request.GET.get("categorie", "")
    text = request.GET.get("q", "").strip()[:100]
    procedures = selectors.published_procedures(category=category, text=text)
    from relais.organisations.models import MandateCategory

    return render(request, "procedures/catalogue.html", {
        "title": _("Démarches en ligne"), "procedures": procedures, "categories": MandateCategory.choices,
        "category": category, "q": text,
    })


def detail(request, slug):
    procedure = get_object_or_404(Procedure.objects.select_related("organisation", "current_version"), slug=slug)
    policy.require(request.user, "procedure.view", procedure)
    drafts = []
    if request.user.is_authenticated and hasattr(request.user, "person"):
        drafts = list(procedure.dossiers.filter(person=request.user.person, state=DossierState.DRAFT).order_by("-updated_at")[:3])
    pages = F_.pages(procedure.current_version.fields) if procedure.current_version else []
    return render(request, "procedures/detail.html", {
        "title": procedure.title, "procedure": procedure, "help_organisation": procedure.organisation, "drafts": drafts,
        "page_count": len(pages),
    })


@require_POST
def start(request, slug):
    procedure = get_object_or_404(Procedure, slug=slug)
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(reverse("procedures:detail", args=[slug]))
    if not hasattr(request.user, "person"):  # a professional: only while acting for a person, under a mandate
        acting = current_acting(request)
        if acting is None:
            raise policy.Refused(acting_refusal(request) or _("Pour faire une démarche pour une personne, choisissez d'abord "
                                                              "la personne pour qui vous agissez (espace « Mandats »)."))
        reason = _mandate_refusal(request, acting.person, procedure.category, acting.mandate)
        if reason:
            raise policy.Refused(reason)
        dossier = services.dossier_start(actor=request.user, procedure=procedure, on_behalf_of=acting.person, mandate=acting.mandate)
        messages.success(request, _("Démarche commencée pour %(person)s.") % {"person": acting.person})
        return redirect("procedures:dossier_page", dossier.pk, 0)
    dossier = services.dossier_start(actor=request.user, procedure=procedure)
    return redirect("procedures:dossier_page", dossier.pk, 0)


def glossary(request):
    return render(request, "procedures/glossary.html", {"title": _("Les mots de l'administration expliqués"), "terms": GlossaryTerm.objects.all()})


@allowed("glossary.manage")
def glossary_manage(request, term_id=None):
    instance = get_object_or_404(GlossaryTerm, pk=term_id) if term_id else None
    initial = {"term": instance.term, "slug": instance.slug, "definition": instance.definition} if instance else None
    form = pforms.GlossaryTermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.glossary_term_save(actor=request.user, instance=instance, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Le terme est enregistré."))
            return redirect("procedures:glossary_manage")
    return render(request, "procedures/glossary_manage.html", {
        "title": _("Gérer le glossaire"), "form": form, "terms": GlossaryTerm.objects.all(), "instance": instance,
    })


# --- The person's space ---------------------------------------------------------------------


@allowed("person.space")
def my_dossiers(request):
    dossiers = list(selectors.dossiers_of_person(person=request.user.person))
    return render(request, "procedures/my_dossiers.html", {
        "title": _("Mes démarches"),
        "drafts": [d for d in dossiers if d.state == DossierState.DRAFT],
        "others": [d for d in dossiers if d.state != DossierState.DRAFT],
    })


def _dossier_for_person(request, dossier_id, action="dossier.view"):
    dossier = selectors.dossier_get(dossier_id=dossier_id)
    if not request.user.is_authenticated:
        raise policy.Refused(_("Connectez-vous pour voir ce dossier."))
    acting = _acting_kwargs(request, dossier)
    if policy.allows(request.user, action, dossier, **acting):
        return dossier
    if acting:  # acting for this person: say why (out of scope, expired, revoked, other organisation)
        reason = _mandate_refusal(request, dossier.person, dossier.procedure.category, acting["mandate"])
        if reason:
            raise policy.Refused(reason)
    elif not _own(request, dossier) and acting_refusal(request):
        raise policy.Refused(acting_refusal(request))
    raise policy.Refused(_("Ce dossier n'est pas le vôtre, ou il n'est pas accessible."))


def _next_page(dossier) -> int:
    done = set(dossier.meta.get("pages_done", []))
    for index in range(len(F_.pages(dossier.version.fields))):
        if index not in done:
            return index
    return 0


@login_required
def dossier(request, dossier_id):
    dossier = _dossier_for_person(request, dossier_id)
    acting = _acting_kwargs(request, dossier)
    if not (_own(request, dossier) or acting):
        return redirect("procedures:backoffice_dossier", dossier.pk)
    if acting:
        services.dossier_record_read(dossier=dossier, actor=request.user, **acting)
    versions = list(dossier.versions.all())
    last_transition = dossier.transitions.order_by("-at", "-id").first()
    attachments = selectors.attachments_by_id(dossier=dossier)
    return render(request, "procedures/dossier.html", {
        "title": dossier.procedure.title, "dossier": dossier, "help_organisation": dossier.procedure.organisation,
        "what_next": what_next(dossier), "timeline": selectors.timeline(dossier=dossier), "versions": versions,
        "last_transition": last_transition, "summary": _summary(dossier, dossier.data, attachments),
        "messages_list": dossier.messages.select_related("attachment"), "message_form": pforms.MessageForm(),
        "can_edit": policy.allows(request.user, "dossier.edit", dossier, **acting),
        "can_message": policy.allows(request.user, "dossier.message", dossier, **acting), "acting_for": acting.get("on_behalf_of"),
        "next_page": _next_page(dossier), "suggestions": services.profile_suggestions(dossier) if dossier.state != DossierState.DRAFT else [],
        "page_count": len(F_.pages(dossier.version.fields)), "pages_done": len(dossier.meta.get("pages_done", [])),
    })


def _summary(dossier, data: dict, attachments: dict) -> list[dict]:
    """Answers page by page for display: [{"title", "index", "rows": [{"label", "value", "attachments"}]}]."""
    result = []
    for index, page in enumerate(F_.pages(dossier.version.fields)):
        rows = []
        for spec in F_.input_fields(page["fields"]):
            if not F_.evaluate(spec.get("condition"), data):
                continue
            value = data.get(spec["key"])
            row = {"label": spec["label"], "key": spec["key"], "value": F_.display_value(spec, value), "attachments": []}
            if spec["type"] == "file":
                row["attachments"] = [attachments[pk] for pk in (value or []) if pk in attachments]
            if spec["type"] == "repetition":
                row["entries"] = [
                    [{"label": c["label"], "value": F_.display_value(c, item.get(c["key"]))} for c in F_.input_fields(spec.get("fields", []))
                     if F_.evaluate(c.get("condition"), data, item)]
                    for item in (value or [])
                ]
            rows.append(row)
        result.append({"title": page["title"] or _("Vos réponses"), "index": index, "rows": rows})
    return result


def _counts(page: dict, saved: dict, post=None) -> dict[str, int]:
    counts = {}
    for spec in page["fields"]:
        if spec.get("type") != "repetition":
            continue
        if post is not None and f"{spec['key']}__count" in post:
            try:
                counts[spec["key"]] = max(0, min(30, int(post[f"{spec['key']}__count"])))
                continue
            except ValueError:
                pass
        items = saved.get(spec["key"]) or []
        minimum = int(spec.get("min_items") or (1 if spec.get("required") else 0))
        counts[spec["key"]] = max(len(items), minimum)
    return counts


def _layout(form, page: dict, dossier, attachments: dict, file_errors: dict, glossary: dict) -> list[dict]:
    entries = []
    prefilled = set(dossier.meta.get("prefilled", []))
    for spec in page["fields"]:
        kind = spec.get("type")
        terms = [glossary[s] for s in spec.get("glossary") or [] if s in glossary]
        base = {"spec": spec, "terms": terms, "condition": json.dumps(spec["condition"]) if spec.get("condition") else ""}
        if kind == "explanation":
            entries.append({**base, "kind": "explanation"})
        elif kind == "file":
            ids = dossier.data.get(spec["key"]) or []
            entries.append({
                **base, "kind": "file", "attachments": [attachments[i] for i in ids if i in attachments], "error": file_errors.get(spec["key"]),
                "accept": ",".join(sorted({"image": "image/*,.heic,.heif", "pdf": "application/pdf"}[k] for k in spec.get("accept", []) if k in ("image", "pdf"))),
                "limit": pforms.format_size(int(spec.get("max_bytes") or 5 * 1024 * 1024)),
                "condition_text": F_.describe_condition(spec.get("condition"), dossier.version.fields),
            })
        elif kind == "repetition":
            count = form.counts.get(spec["key"], 0)
            items = []
            for index in range(count):
                names = [f"{spec['key']}__{index}__{c['key']}" for c in F_.input_fields(spec.get("fields", []))]
                items.append({"index": index, "number": index + 1, "fields": [form[n] for n in names if n in form.fields]})
            entries.append({**base, "kind": "repetition", "items": items, "count": count,
                            "item_label": spec.get("item_label") or spec.get("label"),
                            "condition_text": F_.describe_condition(spec.get("condition"), dossier.version.fields)})
        elif spec.get("key") in form.fields:
            entries.append({**base, "kind": "field", "bound": form[spec["key"]], "prefilled": spec["key"] in prefilled})
    return entries


@login_required
def dossier_page(request, dossier_id, page):
    dossier = _dossier_for_person(request, dossier_id)
    acting = _acting_kwargs(request, dossier)
    if not policy.allows(request.user, "dossier.edit", dossier, **acting):
        messages.info(request, _("Ce dossier ne peut plus être modifié : l'instruction a commencé. Écrivez à l'instructeur si besoin."))
        return redirect("procedures:dossier", dossier.pk)
    all_pages = F_.pages(dossier.version.fields)
    if not 0 <= page < len(all_pages):
        raise Http404
    current = all_pages[page]
    file_specs = [s for s in current["fields"] if s.get("type") == "file"]
    file_errors: dict[str, str] = {}
    typed: list[tuple[str, str]] = []
    glossary = selectors.glossary_for(current["fields"])
    if request.method == "POST":
        action = request.POST.get("action", "next")
        try:
            revision = int(request.POST.get("revision", "0"))
        except ValueError:
            revision = 0
        counts = _counts(current, dossier.data, request.POST)
        enforce = action == "next"
        form = pforms.PageForm(request.POST, page=current, all_fields=dossier.version.fields, saved=dossier.data,
                               prefilled=set(dossier.meta.get("prefilled", [])), counts=counts, enforce_required=enforce)
        form_ok = form.is_valid()
        values = form.valid_values()
        if action.startswith("add:") or action.startswith("remove:"):
            parts = action.split(":")
            key = parts[1]
            items = list(values.get(key, []))
            if parts[0] == "add":
                items.append({})
            elif len(parts) == 3 and parts[2].isdigit() and int(parts[2]) < len(items):
                items.pop(int(parts[2]))
            values[key] = items
        uploads = {}
        for spec in file_specs:
            files = request.FILES.getlist(spec["key"])
            if files:
                uploads[spec["key"]] = [(f.name, f.read()) for f in files]
            elif enforce and spec.get("required") and not dossier.data.get(spec["key"]) and F_.evaluate(spec.get("condition"), {**dossier.data, **values}):
                file_errors[spec["key"]] = _("Ajoutez ce document : prenez-le en photo avec votre téléphone, ou choisissez un fichier.")
        try:
            result = services.dossier_save_page(
                dossier=dossier, actor=request.user, page=page, values=values, revision=revision, uploads=uploads,
                page_complete=form_ok and not file_errors and enforce, **acting,
            )
        except StaleDossier as stale:
            messages.error(request, stale.message)
            typed = [(form.fields[n].label, request.POST.get(n)) for n in form.fields if request.POST.get(n)]
            dossier = selectors.dossier_get(dossier_id=dossier.pk)
            form = pforms.PageForm(page=current, all_fields=dossier.version.fields, saved=dossier.data,
                                   prefilled=set(dossier.meta.get("prefilled", [])), counts=_counts(current, dossier.data))
        else:
            dossier = result.dossier
            file_errors.update(result.upload_errors)
            for attachment in result.added:
                messages.success(request, _("Fichier ajouté : %(name)s (%(size)s).") % {"name": attachment.original_name, "size": pforms.format_size(attachment.size)})
            if form_ok and not file_errors:
                if action.startswith(("add:", "remove:", "upload")):
                    return redirect(f"{reverse('procedures:dossier_page', args=[dossier.pk, page])}#{action.split(':')[1] if ':' in action else 'fichiers'}")
                if action == "prev":
                    return redirect("procedures:dossier_page", dossier.pk, max(0, page - 1))
                if action == "later":
                    return _after_draft_saved(request, acting)
                if page + 1 < len(all_pages):
                    return redirect("procedures:dossier_page", dossier.pk, page + 1)
                return redirect("procedures:dossier_review", dossier.pk)
            messages.error(request, _("Certaines réponses sont à corriger (voir ci-dessous). Les autres sont enregistrées."))
            form.saved = dossier.data
    else:
        form = pforms.PageForm(page=current, all_fields=dossier.version.fields, saved=dossier.data,
                               prefilled=set(dossier.meta.get("prefilled", [])), counts=_counts(current, dossier.data))
    attachments = selectors.attachments_by_id(dossier=dossier)
    documents = _safe_documents(dossier) if file_specs else []
    if acting:  # only the documents the mandate lets the helper use (their domain must be covered)
        documents = [d for d in documents if policy.allows(request.user, "document.attach", d, **acting)]
    return render(request, "procedures/page.html", {
        "title": f"{current['title'] or dossier.procedure.title} — {dossier.procedure.title}", "dossier": dossier, "page": current,
        "page_index": page, "page_number": page + 1, "page_count": len(all_pages), "form": form,
        "layout": _layout(form, current, dossier, attachments, file_errors, glossary), "has_files": bool(file_specs),
        "help_organisation": dossier.procedure.organisation, "typed": typed, "documents": documents,
        "progress": int(100 * page / len(all_pages)),
    })


def _safe_documents(dossier) -> list:
    """Documents of the person's safe that can be attached without uploading again."""
    from relais.documents.selectors import documents_of

    if dossier.person_id is None:
        return []
    return list(documents_of(dossier.person)[:30])


@require_POST
@login_required
def attach_document(request, dossier_id):
    dossier = _dossier_for_person(request, dossier_id, "dossier.edit")
    acting = _acting_kwargs(request, dossier)
    field_key = request.POST.get("field", "")
    page = services.page_of_key(dossier.version, field_key)
    try:
        services.attachment_from_document(dossier=dossier, actor=request.user, field_key=field_key,
                                          document_id=int(request.POST.get(f"document_{field_key}") or 0), revision=int(request.POST.get("revision") or 0),
                                          **acting)
    except StaleDossier as stale:
        messages.error(request, stale.message)
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [_("Choisissez un document.")])))
    except Exception as exc:  # UploadRefused or a missing document: plain message, draft intact
        if exc.__class__.__name__ == "UploadRefused":
            messages.error(request, exc.message)
        elif exc.__class__.__name__ == "DoesNotExist":
            messages.error(request, _("Ce document n'est plus dans votre coffre-fort."))
        else:
            raise
    else:
        messages.success(request, _("Le document de votre coffre-fort est joint au dossier."))
    return redirect("procedures:dossier_page", dossier.pk, page)


@require_POST
@login_required
def attachment_remove(request, attachment_id):
    attachment = get_object_or_404(Attachment.objects.select_related("dossier__version", "dossier__procedure"), pk=attachment_id)
    dossier = _dossier_for_person(request, attachment.dossier_id, "dossier.edit")
    acting = _acting_kwargs(request, dossier)
    page = services.page_of_key(dossier.version, attachment.field_key)
    try:
        services.attachment_remove(attachment=attachment, actor=request.user, revision=int(request.POST.get("revision") or 0), **acting)
    except StaleDossier as stale:
        messages.error(request, stale.message)
    else:
        messages.success(request, _("Le fichier est retiré."))
    return redirect("procedures:dossier_page", dossier.pk, page)


@login_required
def attachment_view(request, attachment_id):
    """Permission-checked file (or its small preview with ?apercu=1)."""
    attachment = get_object_or_404(Attachment.objects.select_related("dossier__procedure"), pk=attachment_id)
    dossier = attachment.dossier
    if not request.user.is_authenticated:
        raise policy.Refused(_("Connectez-vous pour voir ce fichier."))
    own = policy.allows(request.user, "dossier.view", dossier) and _own(request, dossier)
    acting = _acting_kwargs(request, dossier)
    if acting:
        dossier = _dossier_for_person(request, dossier.pk)
        services.dossier_record_read(dossier=dossier, actor=request.user, what="attachment", **acting)
    elif not own:
        policy.require(request.user, "dossier.instruct", dossier)
        services.dossier_record_read(dossier=dossier, actor=request.user, what="attachment")
    with attachment.file.open("rb") as handle:
        data = handle.read()
    content_type = attachment.content_type
    if request.GET.get("apercu"):
        from relais.documents.processing import preview

        small = preview(data, "pdf" if content_type == "application/pdf" else "jpeg")
        if small is not None:
            data, content_type = small, "image/jpeg"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{attachment.original_name or "fichier"}"'
    return response


@login_required
def dossier_review(request, dossier_id):
    dossier = _dossier_for_person(request, dossier_id)
    acting = _acting_kwargs(request, dossier)
    if not policy.allows(request.user, "dossier.submit", dossier, **acting):
        return redirect("procedures:dossier", dossier.pk)
    problems = {}
    if request.method == "POST":  # the service checks the answers itself, on the locked row
        try:
            services.dossier_submit(dossier=dossier, actor=request.user, revision=int(request.POST.get("revision") or 0), **acting)
        except StaleDossier as stale:
            messages.error(request, stale.message)
            return redirect("procedures:dossier_review", dossier.pk)
        except NotReady as not_ready:
            problems = not_ready.problems
            messages.error(request, _("Il manque des réponses : complétez-les avant d'envoyer."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            problems = services.submission_problems(dossier)
        else:
            if acting:
                messages.success(request, _("Le dossier de %(person)s est envoyé. %(person)s et votre structure vont recevoir une confirmation.")
                                 % {"person": acting["on_behalf_of"]})
            else:
                messages.success(request, _("Votre dossier est envoyé. Vous allez recevoir une confirmation."))
            return redirect("procedures:dossier", dossier.pk)
    else:
        problems = services.submission_problems(dossier)
    attachments = selectors.attachments_by_id(dossier=dossier)
    problem_list = [{"text": text, "page": services.page_of_key(dossier.version, key)} for key, text in problems.items()]
    return render(request, "procedures/review.html", {
        "title": _("Vérifier et envoyer — %(title)s") % {"title": dossier.procedure.title}, "dossier": dossier,
        "summary": _summary(dossier, dossier.data, attachments), "problems": problem_list,
        "help_organisation": dossier.procedure.organisation, "page_count": len(F_.pages(dossier.version.fields)),
        "is_correction": dossier.state != DossierState.DRAFT,
    })


@require_POST
@login_required
def message_post(request, dossier_id):
    dossier = _dossier_for_person(request, dossier_id, "dossier.message")
    acting = _acting_kwargs(request, dossier)
    form = pforms.MessageForm(request.POST, request.FILES)
    target = reverse("procedures:dossier", args=[dossier.pk])
    if not acting and policy.allows(request.user, "dossier.instruct", dossier) and not _own(request, dossier):
        target = reverse("procedures:backoffice_dossier", args=[dossier.pk])
    if not form.is_valid():
        messages.error(request, _("Écrivez votre message avant de l'envoyer."))
        return redirect(target + "#messages")
    upload = None
    if form.cleaned_data.get("file"):
        upload = (form.cleaned_data["file"].name, form.cleaned_data["file"].read())
    try:
        services.message_post(dossier=dossier, actor=request.user, body=form.cleaned_data["body"], upload=upload, **acting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except Exception as exc:
        if exc.__class__.__name__ != "UploadRefused":
            raise
        messages.error(request, _("Le message n'est pas envoyé : %(reason)s") % {"reason": exc.message})
    else:
        messages.success(request, _("Message envoyé."))
    return redirect(target + "#messages")


@require_POST
@login_required
def profile_update(request, dossier_id):
    dossier = _dossier_for_person(request, dossier_id)
    keys = request.POST.getlist("keys")
    if keys:
        services.profile_update_from_dossier(dossier=dossier, actor=request.user, keys=keys, **_acting_kwargs(request, dossier))
        messages.success(request, _("Votre profil est mis à jour. Ces informations seront proposées dans vos prochaines démarches."))
    else:
        messages.info(request, _("Votre profil n'a pas été changé."))
    return redirect("procedures:dossier", dossier.pk)


@allowed("procedures.profile")
def profile(request):
    from relais.procedures.models import PersonProfile

    person = request.user.person
    current = PersonProfile.objects.filter(person=person).first()
    form = pforms.ProfileForm(request.POST or None, initial=pforms.profile_initial(current.data if current else {}))
    if request.method == "POST" and form.is_valid():
        services.profile_save(person=person, actor=request.user, values=form.values)
        messages.success(request, _("Vos informations sont enregistrées. Elles pré-rempliront vos prochaines démarches."))
        return redirect("procedures:profile")
    return render(request, "procedures/profile.html", {"title": _("Mes informations (dites-le nous une fois)"), "form": form})


def claim(request, token):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        messages.info(request, _("Connectez-vous ou créez un compte pour retrouver le dossier préparé pour vous."))
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            dossier = services.dossier_claim(token=token, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("procedures:my_dossiers")
        messages.success(request, _("Le dossier préparé pour vous est dans « Mes démarches ». Vérifiez les réponses puis envoyez-le."))
        return redirect("procedures:dossier_page", dossier.pk, 0)
    return render(request, "procedures/claim.html", {"title": _("Retrouver un dossier préparé pour vous")})


# --- Back office ----------------------------------------------------------------------------


def _org(request):
    org = getattr(request, "organisation", None)
    if org is None:
        raise policy.Refused(_("Choisissez d'abord une structure."))
    return org


@allowed("procedures.backoffice")
def backoffice_home(request):
    org = _org(request)
    return render(request, "procedures/backoffice_home.html", {
        "title": _("Instruction des dossiers"), "procedures": selectors.procedures_of_organisation(organisation=org), "organisation": org,
        "help_organisation": org,
    })


def _procedure_for_agent(request, procedure_id, action="procedure.manage"):
    procedure = get_object_or_404(Procedure.objects.select_related("organisation", "current_version"), pk=procedure_id)
    _require(request, action, procedure)
    return procedure


def _agents(organisation):
    return User.objects.filter(memberships__organisation=organisation, memberships__role__in=["agent", "manager"],
                               memberships__is_active=True).distinct().order_by("last_name", "first_name")


def _filtered(request, procedure):
    form = pforms.BackofficeFilterForm(request.GET or None, states=[c for c in DossierState.choices if c[0] != DossierState.DRAFT],
                                       agents=_agents(procedure.organisation))
    filters = {}
    if form.is_valid():
        filters = {
            "state": form.cleaned_data.get("etat") or "", "assignee": form.cleaned_data.get("instructeur") or "",
            "since": form.cleaned_data.get("depuis"), "until": form.cleaned_data.get("jusqu"),
        }
    return form, selectors.backoffice_dossiers(procedure=procedure, me=request.user, **filters)


@allowed("procedures.backoffice")
def backoffice_list(request, procedure_id):
    procedure = _procedure_for_agent(request, procedure_id)
    form, qs = _filtered(request, procedure)
    page_obj = selectors.backoffice_page(qs, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "procedures/backoffice_list.html", {
        "title": _("Dossiers — %(title)s") % {"title": procedure.title}, "procedure": procedure, "form": form,
        "page_obj": page_obj, "query": query.urlencode(), "help_organisation": procedure.organisation,
    })


@allowed("procedures.backoffice")
def backoffice_export(request, procedure_id):
    procedure = _procedure_for_agent(request, procedure_id)
    _form, qs = _filtered(request, procedure)
    fields = [f for f in F_.input_fields(procedure.current_version.fields if procedure.current_version else [])]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dossiers-{procedure.slug}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Référence"), _("État"), _("Déposé le"), _("Usager"), _("Instructeur")] + [f["label"] for f in fields])
    ids = list(qs.values_list("id", flat=True))
    latest = {}
    from relais.procedures.models import DossierVersion

    for version in DossierVersion.objects.filter(dossier_id__in=ids).order_by("dossier_id", "number").only("dossier_id", "data").iterator(chunk_size=2000):
        latest[version.dossier_id] = version.data
    count = 0
    for dossier in qs.iterator(chunk_size=2000):
        data = latest.get(dossier.pk, {})
        writer.writerow([
            dossier.reference, dossier.get_state_display(), timezone.localtime(dossier.submitted_at).strftime("%d/%m/%Y %H:%M") if dossier.submitted_at else "",
            str(dossier.person) if dossier.person_id else "", str(dossier.assignee) if dossier.assignee_id else "",
        ] + [F_.display_value(f, data.get(f["key"])) for f in fields])
        count += 1
    services.dossiers_export_record(procedure=procedure, actor=request.user, count=count)
    return response


@allowed("procedures.backoffice")
def backoffice_dossier(request, dossier_id):
    dossier = selectors.dossier_get(dossier_id=dossier_id)
    _require(request, "dossier.instruct", dossier)
    services.dossier_record_read(dossier=dossier, actor=request.user)
    versions = list(dossier.versions.all())
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
    moves = [{"to": to, "name": move.name, "label": MOVE_LABELS.get(move.name, move.name), "reason_required": move.reason_required}
             for to, move in allowed_moves(dossier.state)]
    return render(request, "procedures/backoffice_dossier.html", {
        "title": _("Dossier %(ref)s") % {"ref": dossier.reference}, "dossier": dossier, "versions": versions, "shown": shown,
        "summary": _summary(dossier, shown.data, attachments) if shown else [], "diff": diff, "diff_pair": diff_pair,
        "moves": moves, "reason_form": pforms.ReasonForm(), "agents": _agents(dossier.procedure.organisation),
        "timeline": selectors.timeline(dossier=dossier), "messages_list": dossier.messages.select_related("attachment"),
        "message_form": pforms.MessageForm(), "help_organisation": dossier.procedure.organisation,
        "what_next": what_next(dossier),
    })


@require_POST
@allowed("procedures.backoffice")
def backoffice_action(request, dossier_id):
    dossier = selectors.dossier_get(dossier_id=dossier_id)
    _require(request, "dossier.instruct", dossier)
    action = request.POST.get("action", "")
    try:
        if action == "assign":
            assignee_id = request.POST.get("assignee", "")
            assignee = request.user if assignee_id == "me" else (User.objects.filter(pk=assignee_id).first() if assignee_id.isdigit() else None)
            services.dossier_assign(dossier=dossier, actor=request.user, assignee=assignee)
            messages.success(request, _("Dossier attribué."))
        elif action in DossierState.values:
            services.dossier_decide(dossier=dossier, actor=request.user, to=action, reason=request.POST.get("reason", ""))
            messages.success(request, _("Le dossier est maintenant « %(state)s ». La personne est prévenue.") % {"state": DossierState(action).label})
        else:
            messages.error(request, _("Action inconnue."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("procedures:backoffice_dossier", dossier.pk)


# --- Builder --------------------------------------------------------------------------------


@allowed("procedures.backoffice")
def builder_create(request):
    org = _org(request)
    form = pforms.ProcedureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            procedure = services.procedure_create(actor=request.user, organisation=org, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Démarche créée. Ajoutez maintenant ses questions."))
            return redirect("procedures:builder", procedure.pk)
    return render(request, "procedures/builder_create.html", {"title": _("Nouvelle démarche"), "form": form, "import_form": pforms.ImportForm(), "help_organisation": org})


@require_POST
@allowed("procedures.backoffice")
def builder_import(request):
    org = _org(request)
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
    procedure = _procedure_for_agent(request, procedure_id)
    draft = services.draft_version_of(procedure)
    form = pforms.ProcedureForm(request.POST or None, initial={
        "title": procedure.title, "description": procedure.description, "audience": procedure.audience,
        "documents_needed": procedure.documents_needed, "estimated_minutes": procedure.estimated_minutes, "category": procedure.category,
    })
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
    return render(request, "procedures/builder.html", {
        "title": _("Construire — %(title)s") % {"title": procedure.title}, "procedure": procedure, "form": form, "draft": draft,
        "version": version, "rows": [{"id": fid, "spec": spec, "parent": parent, "type_label": F_.FIELD_TYPES.get(spec.get("type"), "?")} for fid, spec, parent in rows],
        "problems": F_.validate_definition(version.fields) if draft else [], "help_organisation": procedure.organisation,
        "versions": procedure.versions.order_by("-number"),
    })


@allowed("procedures.backoffice")
def builder_field(request, procedure_id):
    procedure = _procedure_for_agent(request, procedure_id)
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
    form = pforms.FieldForm(request.POST or None, initial=pforms.FieldForm.initial_from(existing) if existing else {"required": True})
    if request.method == "POST" and form.is_valid():
        definition = form.definition(existing)
        try:
            if existing is not None:
                services.version_field_replace(actor=request.user, version=draft, field_id=field_id, definition=definition)
            else:
                services.version_field_add(actor=request.user, version=draft, definition=definition, parent=parent or None)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Champ enregistré."))
            return redirect("procedures:builder", procedure.pk)
    return render(request, "procedures/builder_field.html", {
        "title": _("Modifier un champ") if existing else _("Ajouter un champ"), "procedure": procedure, "form": form,
        "field_id": field_id, "parent": parent, "help_organisation": procedure.organisation,
    })


@require_POST
@allowed("procedures.backoffice")
def builder_action(request, procedure_id):
    procedure = _procedure_for_agent(request, procedure_id)
    action = request.POST.get("action", "")
    field_id = request.POST.get("id", "")
    try:
        with transaction.atomic():
            if action == "new_version":
                services.version_draft(actor=request.user, procedure=procedure)
                messages.success(request, _("Nouvelle version en brouillon : les dossiers en cours gardent leur version."))
            else:
                draft = services.draft_version_of(procedure)
                if draft is None:
                    raise ValidationError(_("Aucune version en brouillon."))
                if action in ("up", "down"):
                    services.version_field_move(actor=request.user, version=draft, field_id=field_id, delta=-1 if action == "up" else 1)
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
    version = get_object_or_404(ProcedureVersion.objects.select_related("procedure__organisation"), pk=version_id)
    _require(request, "procedure.manage", version.procedure)
    payload = services.procedure_export(version=version)
    response = HttpResponse(json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{version.procedure.slug}-v{version.number}.json"'
    return response
