"""Retention of the document safe: erasure with the account, and limits on how long files stay.

- When a person deletes their account, every document of their safe is erased (file and preview
  removed from storage, title blanked); copies already attached to a submitted dossier belong to
  that dossier and follow the procedures' retention.
- A document whose expiry date is more than DOCUMENTS_KEEP_AFTER_EXPIRY_DAYS in the past is erased.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from relais.accounts.signals import person_erased
from relais.core.retention import register_purge
from relais.documents.models import Document
from relais.documents.services import document_erase_files
from relais.journal.services import journal_record


def _erase(documents) -> int:
    count = 0
    for document in documents:
        document_erase_files(document, blank_title=True)
        count += 1
    return count


@receiver(person_erased, dispatch_uid="documents_erase_on_account_deletion")
def documents_erase_for_person(sender, person, user_id=None, **kwargs) -> int:
    return _erase(Document.objects.filter(person=person).exclude(file="", title=""))


@transaction.atomic
def documents_purge_expired(*, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    limit = today - dt.timedelta(days=settings.DOCUMENTS_KEEP_AFTER_EXPIRY_DAYS)
    documents = list(Document.objects.filter(expires_on__lt=limit).exclude(file=""))
    count = _erase(documents)
    if count:
        journal_record(
            action="retention.documents_purged", details={"count": count, "expired_before": limit.isoformat()}
        )
    return count


register_purge(
    "documents", order=20, run=documents_purge_expired, describe=lambda count: [f"documents expirés effacés : {count}"]
)
