"""Filling a dossier in, page by page. Each button of a page has its own handler (see `BUTTONS`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from relais import policy
from relais.procedures import field_types, selectors, services
from relais.procedures import fields as F_
from relais.procedures.services import StaleDossier
from relais.www.procedures import forms as pforms
from relais.www.procedures.views.common import acting_kwargs, after_draft_saved, dossier_for_person


def _counts(page: dict, saved: dict, post=None) -> dict[str, int]:
    counts = {}
    for spec in page["fields"]:
        if not field_types.get(spec.get("type"), default="text").has_children:
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
        field_type = field_types.get(spec.get("type"), default="text")
        terms = [glossary[s] for s in spec.get("glossary") or [] if s in glossary]
        base = {
            "spec": spec,
            "terms": terms,
            "condition": json.dumps(spec["condition"]) if spec.get("condition") else "",
        }
        if field_type.layout == "explanation":
            entries.append({**base, "kind": "explanation"})
        elif field_type.layout == "file":
            ids = dossier.data.get(spec["key"]) or []
            entries.append(
                {
                    **base,
                    "kind": "file",
                    "attachments": [attachments[i] for i in ids if i in attachments],
                    "error": file_errors.get(spec["key"]),
                    "accept": field_type.input_accept(spec),
                    "limit": pforms.format_size(int(spec.get("max_bytes") or 5 * 1024 * 1024)),
                    "condition_text": F_.describe_condition(spec.get("condition"), dossier.version.fields),
                    # Said once: not when the field's own help already says the photos make one PDF.
                    "one_pdf_note": bool(spec.get("one_pdf")) and "PDF" not in (spec.get("help") or ""),
                }
            )
        elif field_type.layout == "repetition":
            count = form.counts.get(spec["key"], 0)
            items = []
            for index in range(count):
                names = [f"{spec['key']}__{index}__{c['key']}" for c in F_.input_fields(spec.get("fields", []))]
                items.append(
                    {"index": index, "number": index + 1, "fields": [form[n] for n in names if n in form.fields]}
                )
            entries.append(
                {
                    **base,
                    "kind": "repetition",
                    "items": items,
                    "count": count,
                    "item_label": spec.get("item_label") or spec.get("label"),
                    "condition_text": F_.describe_condition(spec.get("condition"), dossier.version.fields),
                }
            )
        elif spec.get("key") in form.fields:
            entries.append({**base, "kind": "field", "bound": form[spec["key"]], "prefilled": spec["key"] in prefilled})
    return entries


def _page_form(dossier, current: dict, data=None, counts=None, enforce: bool = True):
    return pforms.PageForm(
        data,
        page=current,
        all_fields=dossier.version.fields,
        saved=dossier.data,
        prefilled=set(dossier.meta.get("prefilled", [])),
        counts=counts if counts is not None else _counts(current, dossier.data),
        enforce_required=enforce,
    )


@dataclass
class Step:
    """One POST of a page: what the handlers read, and what the page shows again when it is not left."""

    request: object
    dossier: object
    page: int
    pages: list[dict]
    acting: dict
    form: object = None
    form_ok: bool = False
    values: dict = field(default_factory=dict)
    file_errors: dict[str, str] = field(default_factory=dict)
    typed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def current(self) -> dict:
        return self.pages[self.page]

    def to_page(self, index: int, anchor: str = ""):
        if anchor:
            return redirect(f"{reverse('procedures:dossier_page', args=[self.dossier.pk, index])}#{anchor}")
        return redirect("procedures:dossier_page", self.dossier.pk, index)


def _save(step: Step, *, enforce: bool, then):
    """Check the page, save what is valid (the one service), and leave with `then()` when all is right.
    Returns None to show the page again (errors, or a dossier changed meanwhile)."""
    request, dossier = step.request, step.dossier
    file_specs = [s for s in step.current["fields"] if field_types.get(s.get("type"), default="text").holds_files]
    uploads = {}
    for spec in file_specs:
        files = request.FILES.getlist(spec["key"])
        if files:
            uploads[spec["key"]] = [(f.name, f.read()) for f in files]
        elif (
            enforce
            and spec.get("required")
            and not dossier.data.get(spec["key"])
            and F_.evaluate(spec.get("condition"), {**dossier.data, **step.values})
        ):
            step.file_errors[spec["key"]] = _(
                "Ajoutez ce document : prenez-le en photo avec votre téléphone, ou choisissez un fichier."
            )
    try:
        revision = int(request.POST.get("revision", "0"))
    except ValueError:
        revision = 0
    form_ok = step.form_ok
    try:
        result = services.dossier_save_page(
            dossier=dossier,
            actor=request.user,
            page=step.page,
            values=step.values,
            revision=revision,
            uploads=uploads,
            page_complete=form_ok and not step.file_errors and enforce,
            **step.acting,
        )
    except StaleDossier as stale:
        messages.error(request, stale.message)
        step.typed = [(step.form.fields[n].label, request.POST.get(n)) for n in step.form.fields if request.POST.get(n)]
        step.dossier = selectors.dossier_get(dossier_id=dossier.pk)
        step.form = _page_form(step.dossier, step.current)
        return None
    step.dossier = result.dossier
    step.file_errors.update(result.upload_errors)
    for attachment in result.added:
        messages.success(
            request,
            _("Fichier ajouté : %(name)s (%(size)s).")
            % {"name": attachment.original_name, "size": pforms.format_size(attachment.size)},
        )
    if form_ok and not step.file_errors:
        return then()
    messages.error(request, _("Certaines réponses sont à corriger (voir ci-dessous). Les autres sont enregistrées."))
    step.form.saved = step.dossier.data
    return None


# --- The buttons of a page ------------------------------------------------------------------


def _next(step: Step, arg: str = "", *, enforce: bool = True):
    """ "Enregistrer et continuer": required answers checked; the next page, or the review at the end."""

    def then():
        if step.page + 1 < len(step.pages):
            return step.to_page(step.page + 1)
        return redirect("procedures:dossier_review", step.dossier.pk)

    return _save(step, enforce=enforce, then=then)


def _prev(step: Step, arg: str = ""):
    return _save(step, enforce=False, then=lambda: step.to_page(max(0, step.page - 1)))


def _later(step: Step, arg: str = ""):
    return _save(step, enforce=False, then=lambda: after_draft_saved(step.request, step.acting))


def _upload(step: Step, arg: str = "fichiers"):
    """ "Envoyer le fichier": the files of the page are saved, the page is shown again at its files."""
    return _save(step, enforce=False, then=lambda: step.to_page(step.page, arg))


def _add(step: Step, arg: str = ""):
    """ "Ajouter : <item>" in a repetition block (`add:<key>`)."""
    key = arg.split(":")[0]
    step.values[key] = [*step.values.get(key, []), {}]
    return _save(step, enforce=False, then=lambda: step.to_page(step.page, key))


def _remove(step: Step, arg: str = ""):
    """ "Retirer" an item of a repetition block (`remove:<key>:<index>`)."""
    parts = arg.split(":")
    key = parts[0]
    items = list(step.values.get(key, []))
    if len(parts) == 2 and parts[1].isdigit() and int(parts[1]) < len(items):
        items.pop(int(parts[1]))
    step.values[key] = items
    return _save(step, enforce=False, then=lambda: step.to_page(step.page, key))


BUTTONS = {"next": _next, "prev": _prev, "later": _later, "upload": _upload, "add": _add, "remove": _remove}


def _continue_unchecked(step: Step, arg: str = ""):
    """Any other button: save and go on, without checking the required answers."""
    return _next(step, arg, enforce=False)


def _handler(action: str):
    """(handler, argument) of the button pressed."""
    if action.startswith(("add:", "remove:")):
        name, _sep, arg = action.partition(":")
        return BUTTONS[name], arg
    if action.startswith("upload"):
        return BUTTONS["upload"], action.split(":")[1] if ":" in action else "fichiers"
    if action in ("next", "prev", "later"):
        return BUTTONS[action], ""
    return _continue_unchecked, ""


@login_required
def dossier_page(request, dossier_id, page):
    dossier = dossier_for_person(request, dossier_id)
    acting = acting_kwargs(request, dossier)
    if not policy.allows(request.user, "dossier.edit", dossier, **acting):
        messages.info(
            request,
            _("Ce dossier ne peut plus être modifié : l'instruction a commencé. Écrivez à l'instructeur si besoin."),
        )
        return redirect("procedures:dossier", dossier.pk)
    all_pages = F_.pages(dossier.version.fields)
    if not 0 <= page < len(all_pages):
        raise Http404
    current = all_pages[page]
    glossary = selectors.glossary_for(current["fields"])
    step = Step(request=request, dossier=dossier, page=page, pages=all_pages, acting=acting)
    if request.method == "POST":
        action = request.POST.get("action", "next")
        handler, arg = _handler(action)
        step.form = _page_form(
            dossier, current, request.POST, _counts(current, dossier.data, request.POST), enforce=action == "next"
        )
        step.form_ok = step.form.is_valid()
        step.values = step.form.valid_values()
        response = handler(step, arg)
        if response is not None:
            return response
    else:
        step.form = _page_form(dossier, current)
        if acting:  # a helper reads the person's answers under the mandate
            services.dossier_record_read(dossier=dossier, actor=request.user, **acting)
    dossier = step.dossier
    has_files = any(field_types.get(s.get("type"), default="text").holds_files for s in current["fields"])
    attachments = selectors.attachments_by_id(dossier=dossier)
    documents = selectors.safe_documents(dossier=dossier) if has_files else []
    if acting:  # only the documents the mandate lets the helper use (their domain must be covered)
        documents = [d for d in documents if policy.allows(request.user, "document.attach", d, **acting)]
    return render(
        request,
        "procedures/page.html",
        {
            "title": f"{current['title'] or dossier.procedure.title} — {dossier.procedure.title}",
            "dossier": dossier,
            "page": current,
            "page_index": page,
            "page_number": page + 1,
            "page_count": len(all_pages),
            "form": step.form,
            "layout": _layout(step.form, current, dossier, attachments, step.file_errors, glossary),
            "has_files": has_files,
            "help_organisation": dossier.procedure.organisation,
            "typed": step.typed,
            "documents": documents,
            "progress": int(100 * page / len(all_pages)),
        },
    )
