"""Retention of referrals.

- Attachments (copies of the person's documents) of a referral closed more than REFERRALS_ATTACHMENTS_KEEP_DAYS
  (6 months) ago are deleted, files and all.
- A referral closed more than REFERRALS_KEEP_DAYS (2 years) ago is anonymised: the person, the texts and the
  contact details are erased; the service, the referring organisation, the state and the dates stay, so the
  statistics (response rate, median answer time) survive.
- A person who deletes their account: their open referrals are cancelled and all are anonymised at once.
- The person's export includes the messages about their referrals (section « referral_messages »)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from relais.accounts.exports import register_export
from relais.accounts.signals import person_erased
from relais.core.retention import register_purge
from relais.journal.services import journal_record
from relais.referrals.models import OPEN_STATES, Referral, ReferralAttachment, ReferralMessage, ReferralState
from relais.referrals.states import referral_transition


def attachments_keep() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "REFERRALS_ATTACHMENTS_KEEP_DAYS", 183)))


def referrals_keep() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "REFERRALS_KEEP_DAYS", 2 * 365)))


def _delete_attachments(attachments) -> int:
    count = 0
    now = timezone.now()
    for attachment in attachments.filter(deleted_at__isnull=True):
        if attachment.file:
            attachment.file.delete(save=False)
        attachment.file = ""
        attachment.deleted_at = now
        attachment.save(update_fields=["file", "deleted_at"])
        count += 1
    return count


def _anonymise(referrals) -> int:
    ids = list(referrals.values_list("pk", flat=True))
    if not ids:
        return 0
    _delete_attachments(ReferralAttachment.objects.filter(referral_id__in=ids))
    ReferralAttachment.objects.filter(referral_id__in=ids).update(title="")
    ReferralMessage.objects.filter(referral_id__in=ids).delete()
    return Referral.objects.filter(pk__in=ids).update(
        person=None,
        situations=[],
        request="",
        contact_details="",
        answer_message="",
        available_on=None,
        anonymised_at=timezone.now(),
    )


def attachments_purge(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return _delete_attachments(ReferralAttachment.objects.filter(referral__closed_at__lt=now - attachments_keep()))


@transaction.atomic
def referrals_anonymise(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    count = _anonymise(Referral.objects.filter(anonymised_at__isnull=True, closed_at__lt=now - referrals_keep()))
    if count:
        journal_record(action="referral.anonymised", details={"count": count})
    return count


@receiver(person_erased, dispatch_uid="referrals_erase_on_account_deletion")
def referrals_erase_for_person(sender, person, user_id=None, **kwargs) -> int:
    for referral in Referral.objects.filter(person=person, state__in=OPEN_STATES):
        referral_transition(referral, to=ReferralState.CANCELLED, details={"reason": "account_deleted"})
    return _anonymise(Referral.objects.filter(person=person))


register_purge(
    "referrals.attachments",
    order=50,
    run=attachments_purge,
    describe=lambda count: [f"documents joints aux orientations effacés : {count}"],
)
register_purge(
    "referrals.anonymise",
    order=51,
    run=referrals_anonymise,
    describe=lambda count: [f"orientations anonymisées : {count}"],
)


@register_export("referral_messages")
def referral_messages_export(*, person) -> list[dict]:
    """The questions of the receiving services and the referrers' replies about the person's referrals."""
    rows = ReferralMessage.objects.filter(referral__person=person).order_by("referral_id", "created_at", "pk")
    return [
        {
            "referral_id": message.referral_id,
            "at": message.created_at.isoformat(),
            "author": message.author,
            "text": message.text,
        }
        for message in rows
    ]
