"""Retention of escalations: the personal data of a closed escalation (subject, description, identifiers,
messages, attachments, the person's link) is wiped ESCALATIONS_KEEP_DAYS (6 months) after closing; the
statistics' columns (team, administration, category, cause, procedure, times in business hours, usefulness)
stay, anonymised. A person who erases their account has their escalations wiped at once (open ones closed).
The person's export includes their escalations (relais.accounts exports every row pointing to the person)
and the messages of their threads (section « escalation_messages »), internal notes of the teams excepted."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from relais.accounts.exports import register_export
from relais.accounts.signals import person_erased
from relais.core.retention import register_purge
from relais.documents.models import DocumentUse
from relais.escalations.models import Escalation, Kind, Message, SeenMark
from relais.journal.services import journal_record

KEEP_DAYS = 183


def keep_days() -> int:
    return getattr(settings, "ESCALATIONS_KEEP_DAYS", KEEP_DAYS)


@transaction.atomic
def escalations_wipe(rows) -> int:
    """Wipe the personal data of the escalations in `rows` (a queryset); return how many."""
    now = timezone.now()
    ids = list(rows.filter(wiped_at=None).values_list("pk", flat=True))
    if not ids:
        return 0
    entries = list(Escalation.objects.filter(pk__in=ids).values_list("pk", "person_id", "organisation_id"))
    DocumentUse.objects.filter(
        target_type=ContentType.objects.get_for_model(Escalation), target_id__in=[str(pk) for pk in ids]
    ).delete()
    Message.objects.filter(escalation_id__in=ids).delete()
    SeenMark.objects.filter(escalation_id__in=ids).delete()
    Escalation.objects.filter(pk__in=ids).update(
        person=None,
        created_by=None,
        commune=None,
        subject="",
        description="",
        identifiers={},
        outcome="",
        dossier_id=None,
        dossier_reference="",
        grant_label="",
        wiped_at=now,
    )
    for pk, person_id, organisation_id in entries:
        journal_record(
            action="escalation.wiped",
            organisation=organisation_id,
            person=person_id,
            object_type="escalations.escalation",
            object_id=pk,
            details={"reference": f"S-{pk:06d}"},
        )
    return len(ids)


def closed_purge(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return escalations_wipe(Escalation.objects.filter(closed_at__lt=now - dt.timedelta(days=keep_days())))


@receiver(person_erased, dispatch_uid="escalations_wipe_on_account_deletion")
def escalations_erase_for_person(sender, person, user_id=None, **kwargs) -> int:
    return escalations_wipe(Escalation.objects.filter(person=person))


register_purge(
    "escalations.closed",
    order=50,
    run=closed_purge,
    describe=lambda count: [f"saisines clôturées anonymisées : {count}"],
)


@register_export("escalation_messages")
def escalation_messages_export(*, person) -> list[dict]:
    """The thread of each of the person's escalations, as the helper sees it (internal notes left out)."""
    rows = (
        Message.objects.filter(escalation__person=person)
        .exclude(kind=Kind.NOTE)
        .select_related("team")
        .order_by("escalation_id", "created_at", "pk")
    )
    return [
        {
            "escalation_id": message.escalation_id,
            "reference": f"S-{message.escalation_id:06d}",
            "at": message.created_at.isoformat(),
            "kind": message.kind,
            "side": message.side,
            "team": message.team.name if message.team else "",
            "text": message.text,
        }
        for message in rows
    ]
