"""Every write on procedures and dossiers. Keyword-only arguments; permission asked to the policy."""

from __future__ import annotations

import copy
import hashlib
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from relais import policy
from relais.journal.services import journal_record
from relais.procedures import fields as F_
from relais.procedures.models import (
    Attachment,
    Dossier,
    DossierState,
    DossierVersion,
    GlossaryTerm,
    Message,
    PersonProfile,
    Procedure,
    ProcedureVersion,
)
from relais.procedures.profile import PROFILE_KEYS, profile_values
from relais.procedures.states import EDITABLE_STATES, send_notification, transition

MESSAGE_MAX_BYTES = 5 * 1024 * 1024


class StaleDossier(Exception):
    """The dossier changed since the form was shown (another tab, another person)."""

    message = (
        "Ce dossier a été modifié entre-temps (dans un autre onglet ou par la personne qui vous aide). "
        "Pour ne rien écraser, vos dernières saisies n'ont pas été enregistrées : voici le dossier à jour. "
        "Vérifiez-le et saisissez à nouveau ce qui manque."
    )


class NotReady(ValidationError):
    """The dossier cannot be submitted yet; `problems` maps field keys to plain French."""

    def __init__(self, problems: dict[str, str], first_page: int) -> None:
        super().__init__(_("Il manque des réponses avant de pouvoir envoyer le dossier."))
        self.problems = problems
        self.first_page = first_page


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _professional_org(actor):
    membership = getattr(actor, "active_membership", None)
    return membership.organisation if membership is not None else None


# --- Glossary -------------------------------------------------------------------------------


@transaction.atomic
def glossary_term_save(*, actor, slug: str, term: str, definition: str, instance: GlossaryTerm | None = None) -> GlossaryTerm:
    policy.require(actor, "glossary.manage")
    instance = instance or GlossaryTerm()
    instance.slug = slugify(slug or term)[:80]
    instance.term = term.strip()
    instance.definition = definition.strip()
    instance.full_clean()
    instance.save()
    journal_record(action="glossary.save", actor=actor, obj=instance, details={"term": instance.term})
    return instance


# --- Procedures and their versions ----------------------------------------------------------


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "demarche"
    slug, n = base, 2
    while Procedure.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def procedure_create(
    *, actor, organisation, title: str, description: str, category: str, audience: str = "",
    documents_needed: str = "", estimated_minutes: int = 15, fields: list | None = None, slug: str = "",
) -> Procedure:
    procedure = Procedure(
        organisation=organisation, title=title, description=description, category=category, audience=audience,
        documents_needed=documents_needed, estimated_minutes=estimated_minutes, slug=slug or _unique_slug(title),
    )
    policy.require(actor, "procedure.manage", procedure)
    procedure.full_clean(exclude=["current_version"])
    procedure.save()
    problems = F_.validate_definition(fields or [])
    if problems:
        raise ValidationError(problems)
    ProcedureVersion.objects.create(procedure=procedure, number=1, fields=fields or [], created_by=actor)
    journal_record(action="procedure.create", actor=actor, organisation=organisation, obj=procedure)
    return procedure


PROCEDURE_EDITABLE = ("title", "description", "audience", "documents_needed", "estimated_minutes", "category", "is_archived")


@transaction.atomic
def procedure_update(*, actor, procedure: Procedure, **values) -> Procedure:
    policy.require(actor, "procedure.manage", procedure)
    for name, value in values.items():
        if name not in PROCEDURE_EDITABLE:
            raise ValueError(name)
        setattr(procedure, name, value)
    procedure.full_clean(exclude=["current_version"])
    procedure.save()
    journal_record(action="procedure.update", actor=actor, organisation=procedure.organisation, obj=procedure, details={"fields": sorted(values)})
    return procedure


def draft_version_of(procedure: Procedure) -> ProcedureVersion | None:
    return procedure.versions.filter(published_at__isnull=True).order_by("-number").first()


@transaction.atomic
def version_draft(*, actor, procedure: Procedure) -> ProcedureVersion:
    """The draft version to edit (a copy of the latest version when all are published)."""
    policy.require(actor, "procedure.manage", procedure)
    draft = draft_version_of(procedure)
    if draft is not None:
        return draft
    latest = procedure.versions.order_by("-number").first()
    return ProcedureVersion.objects.create(
        procedure=procedure, number=(latest.number + 1 if latest else 1), fields=list(latest.fields) if latest else [], created_by=actor,
    )


@transaction.atomic
def version_set_fields(*, actor, version: ProcedureVersion, fields: list) -> ProcedureVersion:
    policy.require(actor, "procedure.manage", version.procedure)
    version = ProcedureVersion.objects.select_for_update(of=("self",)).get(pk=version.pk)
    if version.is_published:
        raise ValidationError(_("Une version publiée ne peut plus être modifiée : créez une nouvelle version."))
    problems = F_.validate_definition(fields)
    if problems:
        raise ValidationError(problems)
    version.fields = fields
    version.save(update_fields=["fields"])
    return version


def _locate(fields: list, key: str) -> tuple[list, int]:
    """(list holding the field, index) for a top-level or repetition child key (sections by 'section:<n>')."""
    for index, item in enumerate(fields):
        if _field_id(item, index) == key:
            return fields, index
        if item.get("type") == "repetition":
            for child_index, child in enumerate(item.get("fields", [])):
                if _field_id(child, child_index, parent=item.get("key")) == key:
                    return item["fields"], child_index
    raise ValidationError(_("Ce champ n'existe plus dans la version : rechargez la page."))


def _field_id(item: dict, index: int, parent: str | None = None) -> str:
    if item.get("key"):
        return f"{parent}.{item['key']}" if parent else item["key"]
    return f"{parent + '.' if parent else ''}{item.get('type')}:{index}"


def field_ids(fields: list) -> list[tuple[str, dict, str | None]]:
    result = []
    for index, item in enumerate(fields):
        result.append((_field_id(item, index), item, None))
        if item.get("type") == "repetition":
            for child_index, child in enumerate(item.get("fields", [])):
                result.append((_field_id(child, child_index, parent=item.get("key")), child, item.get("key")))
    return result


@transaction.atomic
def _version_mutate(*, actor, version: ProcedureVersion, change) -> ProcedureVersion:
    """Apply `change(fields)` to the freshly locked field list of a draft version (no lost update)."""
    policy.require(actor, "procedure.manage", version.procedure)
    locked = ProcedureVersion.objects.select_for_update(of=("self",)).get(pk=version.pk)
    fields = copy.deepcopy(locked.fields)
    change(fields)
    return version_set_fields(actor=actor, version=locked, fields=fields)


def version_field_add(*, actor, version: ProcedureVersion, definition: dict, parent: str | None = None) -> ProcedureVersion:
    def change(fields):
        if parent:
            holder = next((f for f in fields if f.get("key") == parent and f.get("type") == "repetition"), None)
            if holder is None:
                raise ValidationError(_("Ce bloc répété n'existe pas."))
            holder["fields"] = [*holder.get("fields", []), definition]
        else:
            fields.append(definition)

    return _version_mutate(actor=actor, version=version, change=change)


def version_field_replace(*, actor, version: ProcedureVersion, field_id: str, definition: dict) -> ProcedureVersion:
    def change(fields):
        holder, index = _locate(fields, field_id)
        if holder[index].get("type") == "repetition" and "fields" not in definition:
            definition["fields"] = holder[index].get("fields", [])
        holder[index] = definition

    return _version_mutate(actor=actor, version=version, change=change)


def version_field_move(*, actor, version: ProcedureVersion, field_id: str, delta: int) -> ProcedureVersion:
    def change(fields):
        holder, index = _locate(fields, field_id)
        target = index + delta
        if 0 <= target < len(holder):
            holder[index], holder[target] = holder[target], holder[index]

    return _version_mutate(actor=actor, version=version, change=change)


def version_field_remove(*, actor, version: ProcedureVersion, field_id: str) -> ProcedureVersion:
    def change(fields):
        holder, index = _locate(fields, field_id)
        holder.pop(index)

    return _version_mutate(actor=actor, version=version, change=change)


@transaction.atomic
def version_publish(*, actor, version: ProcedureVersion) -> ProcedureVersion:
    policy.require(actor, "procedure.manage", version.procedure)
    version = ProcedureVersion.objects.select_for_update(of=("self",)).select_related("procedure").get(pk=version.pk)
    if version.is_published:
        return version
    problems = F_.validate_definition(version.fields)
    if not F_.input_fields(version.fields):
        problems.append(_("Ajoutez au moins une question avant de publier."))
    if problems:
        raise ValidationError(problems)
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    Procedure.objects.filter(pk=version.procedure_id).update(current_version=version)
    version.procedure.current_version = version
    journal_record(action="procedure.publish", actor=actor, organisation=version.procedure.organisation, obj=version.procedure,
                   details={"version": version.number})
    return version


def procedure_export(*, version: ProcedureVersion) -> dict:
    procedure = version.procedure
    return {
        "format": "relais.procedure/1",
        "title": procedure.title,
        "slug": procedure.slug,
        "description": procedure.description,
        "audience": procedure.audience,
        "documents_needed": procedure.documents_list,
        "estimated_minutes": procedure.estimated_minutes,
        "category": procedure.category,
        "version": version.number,
        "fields": version.fields,
    }


@transaction.atomic
def procedure_import(*, actor, organisation, payload: dict) -> Procedure:
    """A procedure from an export (always a new procedure with one draft version)."""
    if not isinstance(payload, dict) or payload.get("format") != "relais.procedure/1":
        raise ValidationError(_("Ce fichier n'est pas un export de démarche Relais (format « relais.procedure/1 »)."))
    documents = payload.get("documents_needed") or []
    return procedure_create(
        actor=actor, organisation=organisation, title=str(payload.get("title", "")).strip()[:200],
        description=str(payload.get("description", "")), category=str(payload.get("category", "")),
        audience=str(payload.get("audience", "")),
        documents_needed="\n".join(documents) if isinstance(documents, list) else str(documents),
        estimated_minutes=int(payload.get("estimated_minutes") or 15), fields=payload.get("fields") or [],
    )


# --- Dossiers: filling in -------------------------------------------------------------------


def _prefill(version: ProcedureVersion, person) -> tuple[dict, list[str]]:
    if person is None:
        return {}, []
    profile = PersonProfile.objects.filter(person=person).first()
    known = profile_values(person, profile.data if profile else {})
    data, prefilled = {}, []
    for item in F_.input_fields(version.fields):
        key = item.get("profile_key")
        if key and key in known and item["type"] not in {"file", "repetition"}:
            try:
                value = F_.clean_value(item, known[key])
            except ValidationError:
                continue
            if value is not None:
                data[item["key"]] = value
                prefilled.append(item["key"])
    return data, prefilled


@transaction.atomic
def dossier_start(*, actor, procedure: Procedure, on_behalf_of=None, mandate=None) -> Dossier:
    policy.require(actor, "dossier.start", procedure, on_behalf_of=on_behalf_of)
    person = on_behalf_of if on_behalf_of is not None else actor.person
    version = procedure.current_version
    data, prefilled = _prefill(version, person)
    dossier = Dossier.objects.create(
        procedure=procedure, version=version, person=person, data=data, meta={"prefilled": prefilled, "confirmed": [], "pages_done": []},
        helper=actor if on_behalf_of is not None else None, helper_mandate_id=getattr(mandate, "pk", None),
    )
    if on_behalf_of is not None:
        journal_record(action="dossier.create", actor=actor, organisation=_professional_org(actor), person=person,
                       on_behalf_of=on_behalf_of, mandate=mandate, obj=dossier)
    return dossier


@dataclass
class SaveResult:
    dossier: Dossier
    upload_errors: dict[str, str] = field(default_factory=dict)
    added: list[Attachment] = field(default_factory=list)


def _process_files(item: dict, files: list[tuple[str, bytes]]):
    from relais.documents.processing import process_upload

    max_bytes = int(item.get("max_bytes") or 5 * 1024 * 1024)
    accept = set(item.get("accept") or ["image", "pdf"])
    if item.get("one_pdf"):
        return [(files[0][0], process_upload([data for _name, data in files], accept=accept, max_bytes=max_bytes, one_pdf=True), sum(len(d) for _n, d in files))]
    chosen = files if item.get("multiple") else files[:1]
    return [(name, process_upload([data], accept=accept, max_bytes=max_bytes, one_pdf=False), len(data)) for name, data in chosen]


def _store_attachment(*, dossier: Dossier, field_key: str, name: str, processed, original_size: int, actor, source_document_id=None) -> Attachment:
    extension = "pdf" if processed.content_type == "application/pdf" else "jpg"
    base = (name.rsplit(".", 1)[0] if name else "fichier")[:150] or "fichier"
    attachment = Attachment(
        dossier=dossier, field_key=field_key, original_name=f"{base}.{extension}", content_type=processed.content_type,
        size=processed.size, original_size=original_size, width=processed.width, height=processed.height,
        source_document_id=source_document_id, uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    attachment.file.save(f"{base}.{extension}", ContentFile(processed.data), save=False)
    attachment.save()
    return attachment


def _journal_person_side(*, action: str, actor, dossier: Dossier, on_behalf_of, mandate, details=None) -> None:
    if on_behalf_of is not None:
        journal_record(action=action, actor=actor, organisation=_professional_org(actor), person=dossier.person,
                       on_behalf_of=on_behalf_of, mandate=mandate, obj=dossier, details=details or {})


@transaction.atomic
def dossier_save_page(
    *, dossier: Dossier, actor, page: int, values: dict, revision: int, uploads: dict | None = None,
    page_complete: bool = True, on_behalf_of=None, mandate=None,
) -> SaveResult:
    """Save the answers of one page (already cleaned) and its new files. Optimistic locking on `revision`.

    Refused files do not stop the other answers from being saved; they come back in `upload_errors`."""
    from relais.documents.processing import UploadRefused

    policy.require(actor, "dossier.edit", dossier, on_behalf_of=on_behalf_of)
    fields_by_key = F_.field_by_key(F_.input_fields(dossier.version.fields))
    processed: dict[str, list] = {}
    upload_errors: dict[str, str] = {}
    for key, files in (uploads or {}).items():
        item = fields_by_key.get(key)
        if item is None or item["type"] != "file" or not files:
            continue
        try:
            processed[key] = _process_files(item, files)
        except UploadRefused as refusal:
            upload_errors[key] = refusal.message
    locked = Dossier.objects.select_for_update(of=("self",)).select_related("version", "procedure").get(pk=dossier.pk)
    if locked.revision != revision:
        raise StaleDossier()
    if locked.state not in EDITABLE_STATES:
        raise policy.Refused(_("Ce dossier ne peut plus être modifié : l'instruction a commencé."))
    data = dict(locked.data)
    for key, value in values.items():
        if key in fields_by_key and fields_by_key[key]["type"] != "file":
            data[key] = value
    added = []
    for key, results in processed.items():
        item = fields_by_key[key]
        current = list(data.get(key) or [])
        if not item.get("multiple"):
            current = []
        for name, result, original_size in results:
            attachment = _store_attachment(dossier=locked, field_key=key, name=name, processed=result, original_size=original_size, actor=actor)
            added.append(attachment)
            current.append(attachment.pk)
        data[key] = current
    page_keys = [f["key"] for f in F_.pages(locked.version.fields)[page]["fields"] if f.get("key")] if 0 <= page < len(F_.pages(locked.version.fields)) else []
    meta = dict(locked.meta or {})
    if page_complete and not upload_errors:
        meta["pages_done"] = sorted(set(meta.get("pages_done", [])) | {page})
    meta["confirmed"] = sorted(set(meta.get("confirmed", [])) | (set(page_keys) & set(meta.get("prefilled", []))))
    locked.data = data
    locked.meta = meta
    locked.revision = F("revision") + 1
    if on_behalf_of is not None and locked.helper_id is None:
        locked.helper = actor
    locked.save()
    locked.refresh_from_db(fields=["revision"])
    _journal_person_side(action="dossier.save_page", actor=actor, dossier=locked, on_behalf_of=on_behalf_of, mandate=mandate, details={"page": page})
    return SaveResult(dossier=locked, upload_errors=upload_errors, added=added)


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor, revision: int, on_behalf_of=None, mandate=None) -> Dossier:
    dossier = attachment.dossier
    policy.require(actor, "dossier.edit", dossier, on_behalf_of=on_behalf_of)
    locked = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
    if locked.revision != revision:
        raise StaleDossier()
    data = dict(locked.data)
    data[attachment.field_key] = [pk for pk in (data.get(attachment.field_key) or []) if pk != attachment.pk]
    locked.data = data
    locked.revision = F("revision") + 1
    locked.save()
    locked.refresh_from_db(fields=["revision"])
    in_a_version = any(attachment.pk in (v.data.get(attachment.field_key) or []) for v in locked.versions.all())
    if not in_a_version:
        attachment.file.delete(save=False)
        attachment.delete()
    _journal_person_side(action="dossier.attachment_remove", actor=actor, dossier=locked, on_behalf_of=on_behalf_of, mandate=mandate)
    return locked


@transaction.atomic
def attachment_from_document(
    *, dossier: Dossier, actor, field_key: str, document_id: int, revision: int, on_behalf_of=None, mandate=None,
) -> Attachment:
    """Attach a document of the person's safe, fitted to the field, without uploading it again."""
    from relais.documents.processing import process_upload

    policy.require(actor, "dossier.edit", dossier, on_behalf_of=on_behalf_of)
    from relais.documents import services as document_services
    from relais.documents.models import Document

    document = Document.objects.alive().get(pk=document_id, person=dossier.person)
    document_services.document_attach(document=document, actor=actor, target=dossier, on_behalf_of=on_behalf_of, mandate=mandate)
    content = document_services.document_open(document=document, actor=actor, on_behalf_of=on_behalf_of, mandate=mandate, purpose=f"dossier {dossier.reference}")
    data = content if isinstance(content, bytes) else content.read()
    item = F_.field_by_key(F_.input_fields(dossier.version.fields)).get(field_key)
    if item is None or item["type"] != "file":
        raise ValidationError(_("Ce champ n'attend pas de pièce jointe."))
    result = process_upload([data], accept=set(item.get("accept") or ["image", "pdf"]), max_bytes=int(item.get("max_bytes") or 5 * 1024 * 1024), one_pdf=bool(item.get("one_pdf")))
    locked = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
    if locked.revision != revision:
        raise StaleDossier()
    attachment = _store_attachment(dossier=locked, field_key=field_key, name=getattr(document, "title", "") or "document",
                                   processed=result, original_size=len(data), actor=actor, source_document_id=document.pk)
    current = list(locked.data.get(field_key) or []) if item.get("multiple") else []
    locked.data = {**locked.data, field_key: [*current, attachment.pk]}
    locked.revision = F("revision") + 1
    locked.save()
    _journal_person_side(action="dossier.attach_document", actor=actor, dossier=locked, on_behalf_of=on_behalf_of, mandate=mandate,
                         details={"document": document.pk})
    return attachment


def page_of_key(version: ProcedureVersion, key: str) -> int:
    for index, page in enumerate(F_.pages(version.fields)):
        if any(f.get("key") == key for f in page["fields"]):
            return index
    return 0


def submission_problems(dossier: Dossier) -> dict[str, str]:
    fields = dossier.version.fields
    problems = F_.missing_required(fields, dossier.data)
    confirmed = set(dossier.meta.get("confirmed", []))
    for key in dossier.meta.get("prefilled", []):
        if key not in confirmed and key not in problems and F_.evaluate(F_.field_by_key(fields).get(key, {}).get("condition"), dossier.data):
            problems[key] = _("Vérifiez la réponse pré-remplie « %(label)s ».") % {"label": F_.field_by_key(fields).get(key, {}).get("label", key)}
    return problems


@transaction.atomic
def dossier_submit(*, dossier: Dossier, actor, revision: int | None = None, on_behalf_of=None, mandate=None) -> Dossier:
    """Send the dossier (first time, correction before review, or after a correction request)."""
    policy.require(actor, "dossier.submit", dossier, on_behalf_of=on_behalf_of)
    # One locked read gives everything the transition needs too (it does not read the row again).
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("version", "procedure__organisation", "person__user", "helper")
        .get(pk=dossier.pk)
    )
    if revision is not None and locked.revision != revision:
        raise StaleDossier()
    problems = submission_problems(locked)
    if problems:
        first = min(page_of_key(locked.version, key) for key in problems)
        raise NotReady(problems, first)
    data = F_.prune_hidden(locked.version.fields, locked.data)
    last = locked.versions.only("number", "data").order_by("-number").first()
    if last is not None and last.data == data and locked.state == DossierState.SUBMITTED:
        raise ValidationError(_("Vous n'avez rien changé depuis votre dernier envoi."))
    DossierVersion.objects.create(dossier=locked, number=(last.number + 1 if last else 1), data=data, submitted_by=actor)
    # The row is locked: revision + 1 computed here is exact; written by the transition's UPDATE.
    return transition(locked, to=DossierState.SUBMITTED, actor=actor, on_behalf_of=on_behalf_of, mandate=mandate,
                      organisation=_professional_org(actor) if on_behalf_of is not None else None,
                      locked=locked, changes={"data": data, "revision": locked.revision + 1})


# --- Dossiers: instruction ------------------------------------------------------------------


@transaction.atomic
def dossier_decide(*, dossier: Dossier, actor, to: str, reason: str = "") -> Dossier:
    """An agent moves the dossier (start review, request correction, accept, refuse, close, reopen)."""
    policy.require(actor, "dossier.instruct", dossier)
    result = transition(dossier, to=to, actor=actor, reason=reason, organisation=dossier.procedure.organisation)
    if to == DossierState.IN_REVIEW and dossier.assignee_id is None:
        Dossier.objects.filter(pk=dossier.pk).update(assignee=actor)
        result.assignee = actor
    return result


@transaction.atomic
def dossier_assign(*, dossier: Dossier, actor, assignee) -> Dossier:
    policy.require(actor, "dossier.instruct", dossier)
    if assignee is not None and not assignee.memberships.active().filter(organisation=dossier.procedure.organisation, role__in=["agent", "manager"]).exists():
        raise ValidationError(_("Cette personne n'instruit pas pour cette structure."))
    Dossier.objects.filter(pk=dossier.pk).update(assignee=assignee)
    dossier.assignee = assignee
    journal_record(action="dossier.assign", actor=actor, organisation=dossier.procedure.organisation, person=dossier.person, obj=dossier,
                   details={"assignee": getattr(assignee, "pk", None)})
    return dossier


def dossier_record_read(*, dossier: Dossier, actor, what: str = "dossier", on_behalf_of=None, mandate=None) -> None:
    """Journal every read of a person's dossier by a professional (a helper: with the mandate)."""
    journal_record(action=f"dossier.read.{what}", actor=actor, organisation=_professional_org(actor) or dossier.procedure.organisation,
                   person=dossier.person, on_behalf_of=on_behalf_of, mandate=mandate, obj=dossier)


def dossiers_export_record(*, procedure: Procedure, actor, count: int) -> None:
    journal_record(action="dossier.export_csv", actor=actor, organisation=procedure.organisation, obj=procedure, details={"count": count})


# --- Messages -------------------------------------------------------------------------------


@transaction.atomic
def message_post(*, dossier: Dossier, actor, body: str, upload: tuple[str, bytes] | None = None, on_behalf_of=None, mandate=None) -> Message:
    from relais.documents.processing import process_upload

    policy.require(actor, "dossier.message", dossier, on_behalf_of=on_behalf_of)
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Écrivez votre message."))
    from_agent = policy.allows(actor, "dossier.instruct", dossier) and not (dossier.person and getattr(getattr(actor, "person", None), "pk", None) == dossier.person_id)
    attachment = None
    if upload is not None:
        result = process_upload([upload[1]], accept={"image", "pdf"}, max_bytes=MESSAGE_MAX_BYTES)
        attachment = _store_attachment(dossier=dossier, field_key="_message", name=upload[0], processed=result, original_size=len(upload[1]), actor=actor)
    message = Message.objects.create(dossier=dossier, author=actor, author_label=str(actor)[:200], from_agent=from_agent, body=body, attachment=attachment)
    link_person = settings.SITE_URL + reverse("procedures:dossier", args=[dossier.pk])
    if from_agent:
        journal_record(action="dossier.message", actor=actor, organisation=dossier.procedure.organisation, person=dossier.person, obj=dossier)
        if dossier.person is not None:
            with translation.override(dossier.person.language or "fr"):
                subject = _("Nouveau message sur votre dossier : %(title)s") % {"title": dossier.procedure.title}
                text = _("Bonjour,\n\n%(org)s vous a écrit au sujet de votre dossier n° %(ref)s :\n\n%(body)s\n\nRépondre : %(link)s") % {
                    "org": dossier.procedure.organisation.name, "ref": dossier.reference, "body": body, "link": link_person,
                }
                sms = _("Relais : nouveau message sur votre dossier %(ref)s. %(link)s") % {"ref": dossier.reference, "link": link_person}
            send_notification(event="dossier_message", key=f"dossier-{dossier.pk}-message-{message.pk}", person=dossier.person,
                              subject=subject, body=text, sms=sms, link=link_person)
    else:
        _journal_person_side(action="dossier.message", actor=actor, dossier=dossier, on_behalf_of=on_behalf_of, mandate=mandate)
        if dossier.assignee_id:
            link = settings.SITE_URL + reverse("procedures:backoffice_dossier", args=[dossier.pk])
            send_notification(event="dossier_message_agent", key=f"dossier-{dossier.pk}-message-{message.pk}-agent", user=dossier.assignee,
                              subject=_("Nouveau message — dossier %(ref)s") % {"ref": dossier.reference},
                              body=_("La personne a écrit au sujet du dossier %(ref)s. Lire : %(link)s") % {"ref": dossier.reference, "link": link},
                              link=link)
    return message


# --- Tell us once ---------------------------------------------------------------------------


def _clean_profile(values: dict) -> dict:
    clean = {}
    for key, raw in values.items():
        if key not in PROFILE_KEYS:
            continue
        value = F_.clean_value({"type": PROFILE_KEYS[key][1], "key": "x", "label": str(PROFILE_KEYS[key][0])}, raw)
        if value is not None:
            clean[key] = value
    return clean


@transaction.atomic
def profile_save(*, person, actor, values: dict, on_behalf_of=None, mandate=None) -> PersonProfile:
    """Replace the profile with `values` (raw, validated here). Empty values remove the key."""
    policy.require(actor, "procedures.profile", person, on_behalf_of=on_behalf_of)
    profile, _created = PersonProfile.objects.select_for_update(of=("self",)).get_or_create(person=person)
    profile.data = _clean_profile(values)
    profile.save()
    if on_behalf_of is not None:
        journal_record(action="profile.save", actor=actor, organisation=_professional_org(actor), person=person, on_behalf_of=on_behalf_of, mandate=mandate, obj=profile)
    return profile


def profile_suggestions(dossier: Dossier) -> list[dict]:
    """Dossier answers that differ from the profile (offered, never forced)."""
    if dossier.person is None:
        return []
    profile = PersonProfile.objects.filter(person=dossier.person).first()
    known = profile_values(dossier.person, profile.data if profile else {})
    suggestions = []
    for item in F_.input_fields(dossier.version.fields):
        key = item.get("profile_key")
        if not key or key not in PROFILE_KEYS:
            continue
        value = dossier.data.get(item["key"])
        if F_.is_empty(value) or item["type"] in {"file", "repetition"}:
            continue
        if str(known.get(key, "")) != str(value):
            suggestions.append({
                "profile_key": key, "label": str(PROFILE_KEYS[key][0]), "value": value,
                "new": F_.display_value(item, value), "old": F_.display_value({"type": PROFILE_KEYS[key][1]}, known.get(key)),
            })
    return suggestions


@transaction.atomic
def profile_update_from_dossier(*, dossier: Dossier, actor, keys: list[str], on_behalf_of=None, mandate=None) -> PersonProfile:
    policy.require(actor, "dossier.view", dossier, on_behalf_of=on_behalf_of)
    policy.require(actor, "procedures.profile", dossier.person, on_behalf_of=on_behalf_of, category=dossier.procedure.category)
    profile, _created = PersonProfile.objects.select_for_update(of=("self",)).get_or_create(person=dossier.person)
    data = dict(profile.data)
    for suggestion in profile_suggestions(dossier):
        if suggestion["profile_key"] in keys:
            data[suggestion["profile_key"]] = suggestion["value"]
    profile.data = data
    profile.save()
    return profile


# --- Partner prefill ------------------------------------------------------------------------


@transaction.atomic
def dossier_create_prefilled(*, procedure: Procedure, partner_organisation, data: dict) -> tuple[Dossier, str, dict]:
    """A partner system prepares a dossier; the person finishes it through a link with a token.

    Returns (dossier, clear token, {field key: problem} for values not kept)."""
    if not procedure.current_version_id or procedure.is_archived:
        raise ValidationError(_("Cette démarche n'est pas publiée."))
    version = procedure.current_version
    by_key = F_.field_by_key(F_.input_fields(version.fields))
    clean, rejected = {}, {}
    for key, raw in (data or {}).items():
        item = by_key.get(key)
        if item is None or item["type"] in {"file"}:
            rejected[key] = "champ inconnu ou non pré-remplissable"
            continue
        if item["type"] == "repetition":
            if not isinstance(raw, list):
                rejected[key] = "une liste est attendue"
                continue
            items = []
            try:
                for entry in raw:
                    items.append({c["key"]: F_.clean_value(c, entry.get(c["key"])) for c in F_.input_fields(item.get("fields", [])) if c["key"] in entry})
            except (ValidationError, AttributeError) as exc:
                rejected[key] = "; ".join(getattr(exc, "messages", [str(exc)]))
                continue
            clean[key] = items
            continue
        try:
            value = F_.clean_value(item, raw)
        except ValidationError as exc:
            rejected[key] = "; ".join(exc.messages)
            continue
        if value is not None:
            clean[key] = value
    token = secrets.token_urlsafe(24)
    dossier = Dossier.objects.create(
        procedure=procedure, version=version, person=None, data=clean, created_by_organisation=partner_organisation,
        meta={"prefilled": sorted(clean), "confirmed": [], "pages_done": [], "partner": partner_organisation.name},
        prefill_token_hash=hash_token(token),
    )
    journal_record(action="dossier.prefill", organisation=partner_organisation, obj=dossier, details={"fields": sorted(clean)})
    return dossier, token, rejected


@transaction.atomic
def dossier_claim(*, token: str, actor) -> Dossier:
    dossier = Dossier.objects.select_for_update(of=("self",)).filter(prefill_token_hash=hash_token(token or ""), person__isnull=True).first()
    if dossier is None:
        raise ValidationError(_("Ce lien n'est plus valable : il a déjà servi ou il est incomplet. Demandez un nouveau lien à l'organisme qui vous l'a envoyé."))
    policy.require(actor, "dossier.claim", dossier)
    dossier.person = actor.person
    dossier.prefill_token_hash = ""
    dossier.save(update_fields=["person", "prefill_token_hash", "updated_at"])
    journal_record(action="dossier.claim", actor=actor, person=actor.person, obj=dossier)
    return dossier
