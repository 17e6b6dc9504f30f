"""Retention of the person file's own data.

- When a person's account is erased, their follow-ups in progress end (pending → abandoned,
  active → revoked) and the text of every private note about them is erased: the note stays, empty,
  and the file says plainly that the person was erased.
- A private note is erased CASEFILE_NOTES_KEEP_DAYS (2 years) after the organisation's last grant on
  the person ended (follow-up or mandate, from the registry), and never while a grant is in force.
- A follow-up that ended more than CASEFILE_NOTES_KEEP_DAYS ago loses its signed sheet."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from relais.accounts.signals import person_erased
from relais.casefile import registry
from relais.casefile.models import FollowUp, FollowUpState, PrivateNote
from relais.casefile.states import follow_up_transition
from relais.core.retention import register_purge
from relais.journal.services import journal_record

NOTES_KEEP_DAYS = 2 * 365


def keep_days() -> int:
    return getattr(settings, "CASEFILE_NOTES_KEEP_DAYS", NOTES_KEEP_DAYS)


def _erase_notes(notes) -> int:
    return notes.filter(erased_at__isnull=True).update(text="", strike_reason="", erased_at=timezone.now())


@receiver(person_erased, dispatch_uid="casefile_erase_on_account_deletion")
def casefile_erase_for_person(sender, person, user_id=None, **kwargs) -> int:
    for follow_up in FollowUp.objects.open().filter(person=person):
        to = FollowUpState.REVOKED if follow_up.state == FollowUpState.ACTIVE else FollowUpState.ABANDONED
        follow_up_transition(follow_up, to=to, actor=None, by_person=True, details={"reason": "account_deleted"})
    return _erase_notes(PrivateNote.objects.filter(person=person))


@transaction.atomic
def notes_purge(*, now: dt.datetime | None = None) -> int:
    """Erase the notes of (organisation, person) pairs whose last grant ended more than the limit ago."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=keep_days())
    pairs = (
        PrivateNote.objects.filter(erased_at__isnull=True, created_at__lt=limit)
        .values_list("organisation_id", "person_id")
        .distinct()
    )
    count = 0
    for organisation_id, person_id in pairs:
        note = PrivateNote.objects.select_related("organisation", "person").filter(
            organisation_id=organisation_id, person_id=person_id
        )[0]
        organisation, person = note.organisation, note.person
        if registry.grants_for(organisation=organisation, person=person):
            continue
        ended = registry.last_ended_grant(organisation=organisation, person=person)
        if ended is not None and ended.ended_at > limit:
            continue
        erased = _erase_notes(
            PrivateNote.objects.filter(organisation=organisation, person=person, created_at__lt=limit)
        )
        if erased:
            journal_record(action="note.erased", organisation=organisation, person=person, details={"count": erased})
        count += erased
    return count


def sheets_purge(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    limit = now - dt.timedelta(days=keep_days())
    count = 0
    for follow_up in FollowUp.objects.filter(ended_at__lt=limit).exclude(signed_sheet=""):
        follow_up.signed_sheet.delete(save=False)
        follow_up.signed_sheet = ""
        follow_up.save(update_fields=["signed_sheet"])
        count += 1
    return count


register_purge(
    "casefile.notes",
    order=40,
    run=notes_purge,
    describe=lambda count: [f"notes privées effacées : {count}"],
)
register_purge(
    "casefile.sheets",
    order=41,
    run=sheets_purge,
    describe=lambda count: [f"feuilles d'accord de suivi effacées : {count}"],
)
