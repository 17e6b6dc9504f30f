"""Procedures API: published procedures, partner prefill (like the State platform's), dossier state."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema
from ninja.errors import HttpError

from relais.api.auth import partner_auth
from relais.procedures import selectors, services
from relais.procedures.models import Dossier, Procedure

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
    data: dict[str, Any] = {}


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
    return [
        _procedure_out(p) for p in selectors.published_procedures(category=categorie).select_related("current_version")
    ]


@router.post(
    "/{slug}/dossiers",
    response={201: PrefillOut},
    auth=partner_auth,
    summary="Créer un dossier pré-rempli (partenaire)",
)
def prefill(request, slug: str, payload: PrefillIn):
    token = request.auth
    procedure = get_object_or_404(Procedure.objects.published().select_related("current_version"), slug=slug)
    try:
        dossier, clear, rejected = services.dossier_create_prefilled(
            procedure=procedure, partner_organisation=token.organisation, data=payload.data
        )
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    url = settings.SITE_URL + reverse("procedures:claim", args=[clear])
    return 201, {"dossier_id": dossier.pk, "state": dossier.state, "url": url, "rejected": rejected}


@router.get(
    "/dossiers/{dossier_id}",
    response=DossierStateOut,
    auth=partner_auth,
    summary="État d'un dossier (partenaire de la structure qui instruit)",
)
def dossier_state(request, dossier_id: int):
    token = request.auth
    dossier = Dossier.objects.select_related("procedure").filter(pk=dossier_id).first()
    if dossier is None or dossier.procedure.organisation_id != token.organisation_id:
        raise HttpError(404, "Dossier introuvable pour votre structure.")
    return {
        "dossier_id": dossier.pk,
        "reference": dossier.reference,
        "procedure": dossier.procedure.slug,
        "state": dossier.state,
        "state_label": dossier.get_state_display(),
        "submitted_at": dossier.submitted_at.isoformat() if dossier.submitted_at else None,
        "state_changed_at": dossier.state_changed_at.isoformat() if dossier.state_changed_at else None,
        "versions": dossier.versions.count(),
    }
