"""Reads of follow-ups and private notes (each a constant number of queries)."""

from __future__ import annotations

from relais.casefile.models import FollowUp, FollowUpState, PrivateNote


def follow_up_for_organisation(*, organisation, follow_up_id: int) -> FollowUp | None:
    return (
        FollowUp.objects.select_related("person", "organisation", "consent_text")
        .filter(organisation=organisation, pk=follow_up_id)
        .first()
    )


def follow_up_for_person(*, person, follow_up_id: int) -> FollowUp | None:
    return (
        FollowUp.objects.select_related("organisation", "consent_text").filter(person=person, pk=follow_up_id).first()
    )


def follow_ups_of_person(*, person) -> list[FollowUp]:
    """The person's own follow-ups (« Mes suivis »): pending and active first, then the ended ones."""
    rows = list(FollowUp.objects.select_related("organisation", "consent_text").filter(person=person))
    order = {FollowUpState.PENDING: 0, FollowUpState.ACTIVE: 1}
    rows.sort(key=lambda f: (order.get(f.state, 2), -f.created_at.timestamp()))
    return rows


def open_follow_up_for(*, organisation, person) -> FollowUp | None:
    """The pending or active follow-up of this organisation for this person (one at a time)."""
    return FollowUp.objects.open().filter(organisation=organisation, person=person).order_by("-created_at").first()


def notes_for(*, organisation, person, limit: int = 200) -> list[PrivateNote]:
    """The organisation's notes on the person, newest first (one query, authors joined)."""
    return list(
        PrivateNote.objects.of(organisation=organisation, person=person).select_related("author", "struck_by")[:limit]
    )


def note_for(*, organisation, person, note_id: int) -> PrivateNote | None:
    return PrivateNote.objects.of(organisation=organisation, person=person).filter(pk=note_id).first()
