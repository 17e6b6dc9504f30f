"""Reads of the document safe."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from relais.documents.models import Document, DocumentUse, PendingUpload
from relais.journal.models import Entry

DOCUMENT_ACTIONS = (
    "document.added",
    "document.opened",
    "document.previewed",
    "document.deleted",
    "document.attached",
    "document.updated",
)


def documents_of(person):
    """The person's documents still in the safe, newest first."""
    return Document.objects.alive().filter(person=person).order_by("-created_at", "-id")


def document_get(*, pk: int):
    return Document.objects.alive().select_related("person").filter(pk=pk).first()


def documents_used_by(target):
    """Safe documents attached to `target` (a dossier)."""
    return (
        Document.objects.alive()
        .filter(uses__target_type=ContentType.objects.get_for_model(target), uses__target_id=str(target.pk))
        .order_by("created_at")
    )


def uses_of(document):
    return DocumentUse.objects.filter(document=document).select_related("target_type")


def pending_get(*, pk, actor):
    """A step-one upload, only for the user who sent it."""
    return PendingUpload.objects.select_related("person").filter(pk=pk, created_by=actor).first()


def document_access_log(person, *, include_own: bool = False, limit: int = 200):
    """Journal entries about the person's documents (by default, only what others did)."""
    entries = Entry.objects.filter(person_id=person.pk, action__in=DOCUMENT_ACTIONS).order_by("-at", "-id")
    if not include_own and person.user_id:
        entries = entries.exclude(actor_id=person.user_id)
    return entries[:limit]
