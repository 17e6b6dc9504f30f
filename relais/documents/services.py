"""Writes of the document safe. Every function checks the policy and journals sensitive access.

For the procedures domain:
- `document_attach(document=..., actor=..., target=dossier)`: a safe document is used in a
  dossier without uploading again; the dossier's processing agents may then open it
  (rule document.view asks `dossier.view` on the target).
- `document_open(document=..., actor=...)` → bytes, journaled when the actor is not the person.
- `processing.process_upload(...)` for raw uploads (see relais/documents/processing.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from relais import policy
from relais.core.downloads import clean_name
from relais.documents import processing
from relais.documents.models import DocType, Document, DocumentUse, PendingUpload
from relais.journal.services import journal_record
from relais.policy.roles import active_organisation

DEFAULT_MAX_BYTES = processing.DEFAULT_MAX_BYTES
PENDING_LIFETIME = dt.timedelta(hours=24)


def _is_owner(actor, person) -> bool:
    return bool(actor is not None and getattr(actor, "is_authenticated", False) and person.user_id == actor.pk)


def _journal(
    action: str, *, document: Document, actor, on_behalf_of=None, mandate=None, details: dict | None = None
) -> None:
    """Journal an action on a document; the acting organisation is recorded unless the actor is
    the person themself."""
    journal_record(
        action=action,
        actor=actor,
        organisation=None if _is_owner(actor, document.person) else active_organisation(actor),
        person=document.person,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
        obj=document,
        details=details,
    )


def document_erase_files(document: Document, *, blank_title: bool = False) -> None:
    """Mark the document deleted and remove its file and preview from storage after commit."""
    names = [f.name for f in (document.file, document.preview) if f]
    document.deleted_at = document.deleted_at or timezone.now()
    document.file = ""
    document.preview = ""
    fields = ["deleted_at", "file", "preview"]
    if blank_title:
        document.title = ""
        fields.append("title")
    document.save(update_fields=fields)
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def _store_processed(instance, result: processing.Processed) -> None:
    digest = hashlib.sha256(result.data).hexdigest()
    instance.content_type = result.content_type
    instance.size = result.size
    instance.sha256 = digest
    instance.pages = result.pages
    instance.width = result.width
    instance.height = result.height
    instance.original_size = result.original_size
    instance.file.save(f"x.{result.extension}", ContentFile(result.data), save=False)
    thumbnail = processing.preview(result.data, result.kind)
    if thumbnail:
        instance.preview.save("x.jpg", ContentFile(thumbnail), save=False)


@transaction.atomic
def document_add(
    *,
    person,
    actor,
    files: Iterable[bytes],
    doc_type: str,
    title: str,
    expires_on: dt.date | None = None,
    on_behalf_of=None,
    mandate=None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    one_pdf: bool | None = None,
) -> Document:
    """Process the raw files (one picture, one PDF, or several pages made into one PDF) and keep
    the result in the person's safe. Raises processing.UploadRefused (plain-French message)."""
    policy.require(actor, "document.add", person, on_behalf_of=on_behalf_of, mandate=mandate)
    files = list(files)
    if one_pdf is None:
        one_pdf = len(files) > 1
    result = processing.process_upload(files, accept={"image", "pdf"}, max_bytes=max_bytes, one_pdf=one_pdf)
    return _create_document(
        person=person,
        actor=actor,
        result=result,
        doc_type=doc_type,
        title=title,
        expires_on=expires_on,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
    )


def _create_document(*, person, actor, result, doc_type, title, expires_on, on_behalf_of, mandate) -> Document:
    if doc_type not in DocType.values:
        raise ValueError(f"unknown document type {doc_type!r}")
    document = Document(
        person=person,
        doc_type=doc_type,
        title=(clean_name(title) or DocType(doc_type).label)[:150],
        expires_on=expires_on,
        uploaded_by=actor,
        on_behalf_of=on_behalf_of if not _is_owner(actor, person) else None,
        uploaded_by_organisation=None if _is_owner(actor, person) else active_organisation(actor),
        mandate_id=getattr(mandate, "pk", mandate),
    )
    if isinstance(result, PendingUpload):
        for field in ("content_type", "size", "sha256", "pages", "width", "height", "original_size"):
            setattr(document, field, getattr(result, field))
        with result.file.open("rb") as handle:
            data = handle.read()
        document.file.save(f"x.{'pdf' if result.is_pdf else 'jpg'}", ContentFile(data), save=False)
        if result.preview:
            with result.preview.open("rb") as handle:
                document.preview.save("x.jpg", ContentFile(handle.read()), save=False)
    else:
        _store_processed(document, result)
    document.save()
    journal_record(
        action="document.added",
        actor=actor,
        organisation=document.uploaded_by_organisation,
        person=person,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
        obj=document,
        details={"type": doc_type, "size": document.size, "pages": document.pages},
    )
    return document


@transaction.atomic
def pending_create(
    *,
    person,
    actor,
    files: Iterable[bytes],
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_behalf_of=None,
    mandate=None,
) -> PendingUpload:
    """Step one: process the files and keep the result aside so the person sees it first."""
    policy.require(actor, "document.add", person, on_behalf_of=on_behalf_of, mandate=mandate)
    files = list(files)
    result = processing.process_upload(files, accept={"image", "pdf"}, max_bytes=max_bytes, one_pdf=len(files) > 1)
    pending = PendingUpload(person=person, created_by=actor, original_count=len(files))
    _store_processed(pending, result)
    pending.save()
    return pending


@transaction.atomic
def pending_confirm(
    *,
    pending: PendingUpload,
    actor,
    doc_type: str,
    title: str,
    expires_on=None,
    on_behalf_of=None,
    mandate=None,
) -> Document:
    """Step two: keep the processed file in the safe."""
    if pending.created_by_id != getattr(actor, "pk", None):
        raise policy.Refused("Ce fichier a été envoyé par quelqu'un d'autre.")
    policy.require(actor, "document.add", pending.person, on_behalf_of=on_behalf_of, mandate=mandate)
    document = _create_document(
        person=pending.person,
        actor=actor,
        result=pending,
        doc_type=doc_type,
        title=title,
        expires_on=expires_on,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
    )
    _discard_pending(pending)
    return document


@transaction.atomic
def pending_cancel(*, pending: PendingUpload, actor) -> None:
    if pending.created_by_id != getattr(actor, "pk", None):
        raise policy.Refused("Ce fichier a été envoyé par quelqu'un d'autre.")
    _discard_pending(pending)


def _discard_pending(pending: PendingUpload) -> None:
    names = [f.name for f in (pending.file, pending.preview) if f]
    pending.delete()
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


@transaction.atomic
def pending_purge(*, older_than: dt.timedelta = PENDING_LIFETIME) -> int:
    """Remove step-one files nobody confirmed (task, daily)."""
    stale = list(PendingUpload.objects.filter(created_at__lt=timezone.now() - older_than))
    for pending in stale:
        _discard_pending(pending)
    return len(stale)


@transaction.atomic
def document_update(
    *, document: Document, actor, doc_type: str, title: str, expires_on=None, on_behalf_of=None, mandate=None
) -> Document:
    policy.require(actor, "document.edit", document, on_behalf_of=on_behalf_of, mandate=mandate)
    if doc_type not in DocType.values:
        raise ValueError(f"unknown document type {doc_type!r}")
    document.doc_type = doc_type
    document.title = (clean_name(title) or DocType(doc_type).label)[:150]
    document.expires_on = expires_on
    document.save(update_fields=["doc_type", "title", "expires_on"])
    if not _is_owner(actor, document.person):
        _journal("document.updated", document=document, actor=actor, on_behalf_of=on_behalf_of, mandate=mandate)
    return document


@transaction.atomic
def document_delete(*, document: Document, actor, on_behalf_of=None, mandate=None) -> None:
    """Remove the document from the safe and erase its file (copies already sent inside a
    submitted dossier belong to that dossier and are not touched)."""
    policy.require(actor, "document.delete", document, on_behalf_of=on_behalf_of, mandate=mandate)
    if document.deleted_at:
        return
    document_erase_files(document)
    _journal(
        "document.deleted",
        document=document,
        actor=actor,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
        details={"type": document.doc_type, "title": document.title},
    )


def _read_file(
    *, document: Document, field: str, actor, on_behalf_of, mandate, action: str, details: dict
) -> bytes | None:
    """Read the document's file or preview after the policy allows it; journal the read unless
    the actor is the person themself."""
    policy.require(
        actor,
        "document.view",
        document,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
        message="Vous n'avez pas accès à ce document.",
    )
    stored = getattr(document, field)
    if document.deleted_at or not stored:
        return None
    with stored.open("rb") as handle:
        data = handle.read()
    if not _is_owner(actor, document.person):
        _journal(
            action,
            document=document,
            actor=actor,
            on_behalf_of=on_behalf_of,
            mandate=mandate,
            details={"type": document.doc_type, "title": document.title, **details},
        )
    return data


def document_open(*, document: Document, actor, on_behalf_of=None, mandate=None, purpose: str = "") -> bytes:
    """The file's bytes. Journaled whenever the actor is not the person themself."""
    data = _read_file(
        document=document,
        field="file",
        actor=actor,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
        action="document.opened",
        details={"purpose": purpose},
    )
    if data is None:
        raise Document.DoesNotExist("document deleted")
    return data


def document_preview(*, document: Document, actor, on_behalf_of=None, mandate=None) -> bytes | None:
    """The stored thumbnail (no journal entry for the owner; journaled like an opening otherwise)."""
    return _read_file(
        document=document,
        field="preview",
        actor=actor,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
        action="document.previewed",
        details={},
    )


@transaction.atomic
def document_attach(*, document: Document, actor, target, on_behalf_of=None, mandate=None) -> DocumentUse:
    """Use a safe document in `target` (a dossier) without uploading again."""
    policy.require(
        actor,
        "document.attach",
        document,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
        message="Vous ne pouvez pas joindre ce document.",
    )
    if document.deleted_at:
        raise Document.DoesNotExist("document deleted")
    use, created = DocumentUse.objects.get_or_create(
        document=document,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        defaults={"attached_by": actor},
    )
    if created:
        _journal(
            "document.attached",
            document=document,
            actor=actor,
            on_behalf_of=on_behalf_of,
            mandate=mandate,
            details={
                "type": document.doc_type,
                "title": document.title,
                "target": f"{target._meta.label_lower}:{target.pk}",
            },
        )
    return use


@transaction.atomic
def document_detach(*, document: Document, actor, target, on_behalf_of=None, mandate=None) -> None:
    policy.require(actor, "document.attach", document, on_behalf_of=on_behalf_of, mandate=mandate)
    DocumentUse.objects.filter(
        document=document, target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).delete()
