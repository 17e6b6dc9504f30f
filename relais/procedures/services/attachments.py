"""Files of a dossier: uploads fitted to their field, documents of the safe, removal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from relais import policy
from relais.core.downloads import clean_name
from relais.documents import services as document_services
from relais.documents.models import Document
from relais.documents.processing import process_upload
from relais.procedures import fields as F_
from relais.procedures.models import Attachment, Dossier
from relais.procedures.services.common import StaleDossier, journal_person_side


def process_field_files(item: dict, files: list[tuple[str, bytes]]):
    max_bytes = int(item.get("max_bytes") or 5 * 1024 * 1024)
    accept = set(item.get("accept") or ["image", "pdf"])
    if item.get("one_pdf"):
        return [
            (
                files[0][0],
                process_upload([data for _name, data in files], accept=accept, max_bytes=max_bytes, one_pdf=True),
                sum(len(d) for _n, d in files),
            )
        ]
    chosen = files if item.get("multiple") else files[:1]
    return [
        (name, process_upload([data], accept=accept, max_bytes=max_bytes, one_pdf=False), len(data))
        for name, data in chosen
    ]


def store_attachment(
    *, dossier: Dossier, field_key: str, name: str, processed, original_size: int, actor, source_document_id=None
) -> Attachment:
    extension = "pdf" if processed.content_type == "application/pdf" else "jpg"
    name = clean_name(name)
    base = (name.rsplit(".", 1)[0] if name else "fichier").strip()[:150] or "fichier"
    attachment = Attachment(
        dossier=dossier,
        field_key=field_key,
        original_name=f"{base}.{extension}",
        content_type=processed.content_type,
        size=processed.size,
        original_size=original_size,
        width=processed.width,
        height=processed.height,
        source_document_id=source_document_id,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    attachment.file.save(f"{base}.{extension}", ContentFile(processed.data), save=False)
    attachment.save()
    return attachment


def erase_unheld(*, dossier: Dossier, attachment_ids) -> None:
    """Erase (row, then the stored file once committed) the attachments that the dossier's answers no longer hold
    and that no submitted version holds: a file replaced or removed in a draft is gone for good, a file sent
    with a version stays with that version (and is served only through it)."""
    candidates = Attachment.objects.filter(dossier=dossier, pk__in=list(attachment_ids)).exclude(field_key="_message")
    versions = list(dossier.versions.values_list("data", flat=True))
    names = []
    for attachment in candidates:
        key = attachment.field_key
        if any(attachment.pk in (data.get(key) or []) for data in [dossier.data, *versions]):
            continue
        if attachment.file:
            names.append(attachment.file.name)
        attachment.delete()
    if names:
        storage = Attachment._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


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
    erase_unheld(dossier=locked, attachment_ids=[attachment.pk])
    journal_person_side(
        action="dossier.attachment_remove", actor=actor, dossier=locked, on_behalf_of=on_behalf_of, mandate=mandate
    )
    return locked


@transaction.atomic
def attachment_from_document(
    *,
    dossier: Dossier,
    actor,
    field_key: str,
    document_id: int,
    revision: int,
    on_behalf_of=None,
    mandate=None,
) -> Attachment:
    """Attach a document of the person's safe, fitted to the field, without uploading it again."""
    policy.require(actor, "dossier.edit", dossier, on_behalf_of=on_behalf_of)

    document = Document.objects.alive().get(pk=document_id, person=dossier.person)
    document_services.document_attach(
        document=document, actor=actor, target=dossier, on_behalf_of=on_behalf_of, mandate=mandate
    )
    content = document_services.document_open(
        document=document,
        actor=actor,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
        purpose=f"dossier {dossier.reference}",
    )
    data = content if isinstance(content, bytes) else content.read()
    item = F_.field_by_key(F_.input_fields(dossier.version.fields)).get(field_key)
    if item is None or item["type"] != "file":
        raise ValidationError(_("Ce champ n'attend pas de pièce jointe."))
    result = process_upload(
        [data],
        accept=set(item.get("accept") or ["image", "pdf"]),
        max_bytes=int(item.get("max_bytes") or 5 * 1024 * 1024),
        one_pdf=bool(item.get("one_pdf")),
    )
    locked = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
    if locked.revision != revision:
        raise StaleDossier()
    attachment = store_attachment(
        dossier=locked,
        field_key=field_key,
        name=getattr(document, "title", "") or "document",
        processed=result,
        original_size=len(data),
        actor=actor,
        source_document_id=document.pk,
    )
    replaced = [] if item.get("multiple") else list(locked.data.get(field_key) or [])
    current = list(locked.data.get(field_key) or []) if item.get("multiple") else []
    locked.data = {**locked.data, field_key: [*current, attachment.pk]}
    locked.revision = F("revision") + 1
    locked.save()
    erase_unheld(dossier=locked, attachment_ids=replaced)
    journal_person_side(
        action="dossier.attach_document",
        actor=actor,
        dossier=locked,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
        details={"document": document.pk},
    )
    return attachment
