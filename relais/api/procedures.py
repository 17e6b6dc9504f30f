"""Procedures API: published procedures, partner prefill (like the State platform's), dossier state.

Partner operations need a token with the right scope (`dossiers:prefill`, `dossiers:read`); a procedure
is prefilled only by its own organisation and the partners it names (`Procedure.prefill_partners`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from relais.api.auth import prefill_auth, read_auth
from relais.api.errors import PARTNER_ERRORS, ErrorOut
from relais.core.errors import DomainError, NotFound
from relais.procedures import selectors, services
from relais.procedures.models import Procedure

router = Router(tags=["procedures"])


class ProcedureOut(Schema):
    id: int
    slug: str
    title: str
    description: str
    category: str
    organisation: str
    estimated_minutes: int
    version: int
    url: str
    fields: list[dict[str, Any]]


class PrefillIn(Schema):
    model_config = ConfigDict(extra="forbid")
    data: dict[str, Any] = Field(
        description="réponses connues, par clé de champ de la démarche (voir `fields` de la démarche)"
    )


class PrefillOut(Schema):
    dossier_id: int
    state: str
    url: str
    rejected: dict[str, str]


class DossierStateOut(Schema):
    dossier_id: int
    reference: str
    procedure: str
    state: str
    state_label: str
    submitted_at: str | None
    state_changed_at: str | None
    versions: int


def _procedure_out(procedure: Procedure) -> dict:
    version = procedure.current_version
    return {
        "id": procedure.pk,
        "slug": procedure.slug,
        "title": procedure.title,
        "description": procedure.description,
        "category": procedure.category,
        "organisation": procedure.organisation.name,
        "estimated_minutes": procedure.estimated_minutes,
        "version": version.number,
        "url": settings.SITE_URL + procedure.get_absolute_url(),
        "fields": version.fields,
    }


@router.get("/", response=list[ProcedureOut], summary="Démarches publiées")
def list_procedures(request, categorie: str = ""):
    return [_procedure_out(p) for p in selectors.published_procedures_with_versions(category=categorie)]


@router.post(
    "/{slug}/dossiers",
    response={201: PrefillOut, 400: ErrorOut, 404: ErrorOut, **PARTNER_ERRORS},
    auth=prefill_auth,
    summary="Créer un dossier pré-rempli (partenaire, droit dossiers:prefill)",
)
def prefill(request, slug: str, payload: PrefillIn):
    token = request.auth
    procedure = selectors.published_procedure(slug=slug)
    if procedure is None:
        raise NotFound("Aucune démarche publiée n'a cette adresse courte.")
    try:
        dossier, clear, rejected = services.dossier_create_prefilled(
            procedure=procedure, partner_organisation=token.organisation, data=payload.data
        )
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), status=400) from exc
    url = settings.SITE_URL + reverse("procedures:claim", args=[clear])
    return 201, {"dossier_id": dossier.pk, "state": dossier.state, "url": url, "rejected": rejected}


@router.get(
    "/dossiers/{dossier_id}",
    response={200: DossierStateOut, 404: ErrorOut, **PARTNER_ERRORS},
    auth=read_auth,
    summary="État d'un dossier (partenaire de la structure qui instruit, droit dossiers:read)",
)
def dossier_state(request, dossier_id: int):
    dossier = selectors.dossier_of_processing_organisation(
        dossier_id=dossier_id, organisation=request.auth.organisation
    )
    if dossier is None:
        raise NotFound("Dossier introuvable pour votre structure.")
    return {
        "dossier_id": dossier.pk,
        "reference": dossier.reference,
        "procedure": dossier.procedure.slug,
        "state": dossier.state,
        "state_label": dossier.get_state_display(),
        "submitted_at": dossier.submitted_at.isoformat() if dossier.submitted_at else None,
        "state_changed_at": dossier.state_changed_at.isoformat() if dossier.state_changed_at else None,
        "versions": dossier.versions_count,
    }
