"""Filling a dossier in: starting it (prefilled from the profile), saving its pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from relais import policy
from relais.documents.processing import UploadRefused
from relais.journal.services import journal_record
from relais.policy.roles import active_organisation
from relais.procedures import fields as F_
from relais.procedures.models import Attachment, Dossier, PersonProfile, Procedure, ProcedureVersion
from relais.procedures.profile import profile_values
from relais.procedures.services.attachments import erase_unheld, process_field_files, store_attachment
from relais.procedures.services.common import StaleDossier, journal_person_side
from relais.procedures.states import EDITABLE_STATES


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
        procedure=procedure,
        version=version,
        person=person,
        data=data,
        meta={"prefilled": prefilled, "confirmed": [], "pages_done": []},
        helper=actor if on_behalf_of is not None else None,
        helper_mandate_id=getattr(mandate, "pk", None),
    )
    if on_behalf_of is not None:
        journal_record(
            action="dossier.create",
            actor=actor,
            organisation=active_organisation(actor),
            person=person,
            on_behalf_of=on_behalf_of,
            mandate=mandate,
            obj=dossier,
        )
    return dossier


@dataclass
class SaveResult:
    dossier: Dossier
    upload_errors: dict[str, str] = field(default_factory=dict)
    added: list[Attachment] = field(default_factory=list)


@transaction.atomic
def dossier_save_page(
    *,
    dossier: Dossier,
    actor,
    page: int,
    values: dict,
    revision: int,
    uploads: dict | None = None,
    page_complete: bool = True,
    on_behalf_of=None,
    mandate=None,
) -> SaveResult:
    """Save the answers of one page (already cleaned) and its new files. Optimistic locking on `revision`.

    Refused files do not stop the other answers from being saved; they come back in `upload_errors`."""
    policy.require(actor, "dossier.edit", dossier, on_behalf_of=on_behalf_of)
    fields_by_key = F_.field_by_key(F_.input_fields(dossier.version.fields))
    processed: dict[str, list] = {}
    upload_errors: dict[str, str] = {}
    for key, files in (uploads or {}).items():
        item = fields_by_key.get(key)
        if item is None or item["type"] != "file" or not files:
            continue
        try:
            processed[key] = process_field_files(item, files)
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
    added, replaced = [], []
    for key, results in processed.items():
        item = fields_by_key[key]
        current = list(data.get(key) or [])
        if not item.get("multiple"):
            replaced.extend(current)
            current = []
        for name, result, original_size in results:
            attachment = store_attachment(
                dossier=locked, field_key=key, name=name, processed=result, original_size=original_size, actor=actor
            )
            added.append(attachment)
            current.append(attachment.pk)
        data[key] = current
    page_keys = (
        [f["key"] for f in F_.pages(locked.version.fields)[page]["fields"] if f.get("key")]
        if 0 <= page < len(F_.pages(locked.version.fields))
        else []
    )
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
    erase_unheld(dossier=locked, attachment_ids=replaced)
    journal_person_side(
        action="dossier.save_page",
        actor=actor,
        dossier=locked,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
        details={"page": page},
    )
    return SaveResult(dossier=locked, upload_errors=upload_errors, added=added)


def page_of_key(version: ProcedureVersion, key: str) -> int:
    for index, page in enumerate(F_.pages(version.fields)):
        if any(f.get("key") == key for f in page["fields"]):
            return index
    return 0
