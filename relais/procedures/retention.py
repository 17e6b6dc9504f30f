"""Retention of dossiers (see the privacy page):

- drafts untouched for DOSSIER_DRAFT_RETENTION_DAYS are deleted with their attachments;
- dossiers closed (accepted, refused, closed without follow-up) for DOSSIER_CLOSED_RETENTION_DAYS
  are deleted with their versions, messages and attachments;
- when a person deletes their account, their drafts and their tell-us-once profile are deleted;
  submitted dossiers stay with the processing organisation (its legal record) until their own
  retention ends.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from relais.accounts.signals import person_erased
from relais.core.retention import register_purge
from relais.journal.services import journal_record
from relais.procedures.models import Attachment, Dossier, DossierState, PersonProfile

CLOSED_STATES = [DossierState.ACCEPTED, DossierState.REFUSED, DossierState.CLOSED]


def _delete_dossiers(queryset) -> int:
    ids = list(queryset.values_list("pk", flat=True))
    if not ids:
        return 0
    names = [name for name in Attachment.objects.filter(dossier_id__in=ids).values_list("file", flat=True) if name]
    Dossier.objects.filter(pk__in=ids).delete()
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
    return len(ids)


@receiver(person_erased, dispatch_uid="procedures_erase_on_account_deletion")
def dossiers_erase_for_person(sender, person, user_id=None, **kwargs) -> int:
    PersonProfile.objects.filter(person=person).delete()
    return _delete_dossiers(Dossier.objects.filter(person=person, state=DossierState.DRAFT))


@transaction.atomic
def dossiers_purge_expired(*, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    drafts = _delete_dossiers(
        Dossier.objects.filter(
            state=DossierState.DRAFT, updated_at__lt=now - dt.timedelta(days=settings.DOSSIER_DRAFT_RETENTION_DAYS)
        )
    )
    closed = _delete_dossiers(
        Dossier.objects.filter(
            state__in=CLOSED_STATES,
            state_changed_at__lt=now - dt.timedelta(days=settings.DOSSIER_CLOSED_RETENTION_DAYS),
        )
    )
    if drafts or closed:
        journal_record(action="retention.dossiers_purged", details={"drafts": drafts, "closed": closed})
    return {"drafts": drafts, "closed": closed}


def _describe(counts: dict) -> list[str]:
    return [f"Brouillons supprimés : {counts['drafts']}", f"dossiers clos supprimés : {counts['closed']}"]


register_purge("dossiers", order=10, run=dossiers_purge_expired, describe=_describe)
