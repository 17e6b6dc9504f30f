"""A procedure as a JSON file: export of a version, import as a new procedure."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from relais.procedures.models import Procedure, ProcedureVersion
from relais.procedures.services.builder import procedure_create


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
        actor=actor,
        organisation=organisation,
        title=str(payload.get("title", "")).strip()[:200],
        description=str(payload.get("description", "")),
        category=str(payload.get("category", "")),
        audience=str(payload.get("audience", "")),
        documents_needed="\n".join(documents) if isinstance(documents, list) else str(documents),
        estimated_minutes=int(payload.get("estimated_minutes") or 15),
        fields=payload.get("fields") or [],
    )
