"""Factories of the person file: follow-ups through the real services, dossiers, documents, notes."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from relais.casefile import services
from relais.casefile.models import FollowUp
from relais.documents.models import Document
from relais.procedures.models import Dossier, Procedure, ProcedureVersion, Transition
from tests.factories import OrganisationFactory, PersonFactory
from tests.mandates.factories import helper_of

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="feuille.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def propose(*, organisation, person, helper, categories=("social",), method="paper", duration_days=182) -> FollowUp:
    if person.created_by_organisation_id is None:
        type(person).objects.filter(pk=person.pk).update(created_by_organisation=organisation)
        person.created_by_organisation = organisation
    return services.follow_up_request_create(
        actor=helper,
        organisation=organisation,
        person=person,
        categories=list(categories),
        duration_days=duration_days,
        consent_method=method,
    )


def make_active_follow_up(*, organisation=None, person=None, helper=None, categories=("social",)) -> FollowUp:
    """A follow-up in force, consented at the desk with a signed sheet (real services, journaled)."""
    organisation = organisation or OrganisationFactory()
    person = person or PersonFactory()
    helper = helper or helper_of(organisation)
    follow_up = propose(organisation=organisation, person=person, helper=helper, categories=categories)
    return services.follow_up_sheet_upload(follow_up=follow_up, actor=helper, upload=pdf())


def procedure(category="social", organisation=None) -> Procedure:
    procedure = Procedure.objects.create(
        organisation=organisation or OrganisationFactory(),
        slug=f"demarche-{category}-{Procedure.objects.count()}",
        title=f"Démarche {category}",
        description="Test",
        category=category,
    )
    version = ProcedureVersion.objects.create(procedure=procedure, number=1, fields=[], published_at=timezone.now())
    procedure.current_version = version
    procedure.save()
    return procedure


def dossier(*, person, proc: Procedure, state="draft", transitions=0) -> Dossier:
    """A dossier (state set directly: these tests read the file, they do not test the dossier lifecycle)."""
    made = Dossier.objects.create(procedure=proc, version=proc.current_version, person=person, state=state)
    Transition.objects.bulk_create(
        [Transition(dossier=made, from_state="submitted", to_state="in_review") for _ in range(transitions)]
    )
    return made


def document(*, person, doc_type="identity", expires_in_days: int | None = 20, title="Carte d'identité") -> Document:
    return Document.objects.create(
        person=person,
        doc_type=doc_type,
        title=title,
        expires_on=timezone.localdate() + dt.timedelta(days=expires_in_days) if expires_in_days is not None else None,
        file="documents/test.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
