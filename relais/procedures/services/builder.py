"""Procedures and their versions: the builder (fields added, moved, replaced, removed), publishing."""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from relais import policy
from relais.journal.services import journal_record
from relais.procedures import fields as F_
from relais.procedures.models import Procedure, ProcedureVersion


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "demarche"
    slug, n = base, 2
    while Procedure.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def procedure_create(
    *,
    actor,
    organisation,
    title: str,
    description: str,
    category: str,
    audience: str = "",
    documents_needed: str = "",
    estimated_minutes: int = 15,
    fields: list | None = None,
    slug: str = "",
) -> Procedure:
    procedure = Procedure(
        organisation=organisation,
        title=title,
        description=description,
        category=category,
        audience=audience,
        documents_needed=documents_needed,
        estimated_minutes=estimated_minutes,
        slug=slug or _unique_slug(title),
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


PROCEDURE_EDITABLE = (
    "title",
    "description",
    "audience",
    "documents_needed",
    "estimated_minutes",
    "category",
    "is_archived",
)


@transaction.atomic
def procedure_update(*, actor, procedure: Procedure, prefill_partners=None, **values) -> Procedure:
    """`prefill_partners`: ids of the partner organisations allowed to prefill dossiers (None: unchanged)."""
    policy.require(actor, "procedure.manage", procedure)
    changed_partners = False
    if prefill_partners is not None:
        partners = sorted({int(pk) for pk in prefill_partners if int(pk) != procedure.organisation_id})
        if partners != sorted(procedure.prefill_partners.values_list("pk", flat=True)):
            procedure.prefill_partners.set(partners)
            changed_partners = True
    for name, value in values.items():
        if name not in PROCEDURE_EDITABLE:
            raise ValueError(name)
        setattr(procedure, name, value)
    procedure.full_clean(exclude=["current_version"])
    procedure.save()
    journal_record(
        action="procedure.update",
        actor=actor,
        organisation=procedure.organisation,
        obj=procedure,
        details={"fields": sorted(values) + (["prefill_partners"] if changed_partners else [])},
    )
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
        procedure=procedure,
        number=(latest.number + 1 if latest else 1),
        fields=list(latest.fields) if latest else [],
        created_by=actor,
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


def version_field_add(
    *, actor, version: ProcedureVersion, definition: dict, parent: str | None = None
) -> ProcedureVersion:
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
    journal_record(
        action="procedure.publish",
        actor=actor,
        organisation=version.procedure.organisation,
        obj=version.procedure,
        details={"version": version.number},
    )
    return version
