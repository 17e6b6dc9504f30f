"""What the person file's own models add to the file: the follow-up's grant and relation, its
timeline entries, what a pending follow-up waits for, and the notes' timeline entries.

Each provider runs one query whatever the history (the file's query count is tested)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.casefile.models import ALL, FollowUp, FollowUpConsentMethod, FollowUpState, PrivateNote
from relais.casefile.registry import (
    ALL_CATEGORIES,
    EndedGrant,
    Event,
    Grant,
    Pending,
    WaitingFor,
    register_ended_grant,
    register_grant,
    register_pending,
    register_relation,
    register_timeline,
)
from relais.core.formats import date_words


def _categories(follow_up: FollowUp) -> frozenset[str]:
    return frozenset({ALL_CATEGORIES}) if ALL in follow_up.categories else frozenset(follow_up.categories)


@register_grant("follow_up")
def follow_up_grants(organisation, person) -> list[Grant]:
    return [
        Grant(
            source="follow_up",
            label=_("Suivi accepté jusqu'au %(end)s : %(cats)s")
            % {"end": date_words(f.expires_at), "cats": ", ".join(f.category_labels())},
            categories=_categories(f),
            until=f.expires_at,
            by_user_id=f.created_by_id,
        )
        for f in FollowUp.objects.active().filter(organisation=organisation, person=person)
    ]


@register_ended_grant("follow_up")
def follow_up_ended(organisation, person) -> EndedGrant | None:
    follow_up = (
        FollowUp.objects.filter(
            organisation=organisation, person=person, state__in=[FollowUpState.REVOKED, FollowUpState.EXPIRED]
        )
        .order_by("-ended_at")
        .first()
    )
    if follow_up is None or follow_up.ended_at is None:
        return None
    if follow_up.state == FollowUpState.REVOKED:
        text = _(
            "Le suivi de %(person)s a été arrêté le %(date)s : vous ne pouvez plus voir son dossier. "
            "Il faut un nouveau suivi, avec son accord."
        )
    else:
        text = _(
            "Le suivi de %(person)s a pris fin le %(date)s : vous ne pouvez plus voir son dossier. "
            "Vous pouvez lui proposer de le renouveler."
        )
    return EndedGrant(
        source="follow_up",
        ended_at=follow_up.ended_at,
        text=text % {"person": person, "date": date_words(follow_up.ended_at)},
    )


@register_relation("follow_up")
def followed_persons(organisation):
    return FollowUp.objects.active().filter(organisation=organisation).values_list("person_id", flat=True)


_SENTENCES = {
    FollowUpState.PENDING: gettext_lazy("Suivi proposé par %(org)s, en attente de l'accord"),
    FollowUpState.ACTIVE: gettext_lazy("Suivi accepté : %(org)s suit la personne jusqu'au %(end)s"),
    FollowUpState.EXPIRED: gettext_lazy("Suivi par %(org)s terminé (date dépassée)"),
    FollowUpState.REVOKED: gettext_lazy("Suivi par %(org)s arrêté"),
    FollowUpState.ABANDONED: gettext_lazy("Proposition de suivi de %(org)s abandonnée"),
}


@register_timeline("casefile.follow_up")
def follow_up_events(scope, limit: int) -> list[Event]:
    rows = FollowUp.objects.filter(person=scope.person).select_related("organisation").order_by("-created_at")
    if not scope.is_self:
        rows = rows.filter(organisation=scope.organisation)
    events = []
    for f in rows[:limit]:
        at = f.ended_at or f.starts_at or f.created_at
        text = str(_SENTENCES[f.state]) % {"org": f.organisation.name, "end": date_words(f.expires_at)}
        detail = f.end_reason if f.state == FollowUpState.REVOKED else ""
        events.append(Event(at=at, kind="casefile.follow_up", text=text, detail=detail))
    return events


@register_timeline("casefile.note")
def note_events(scope, limit: int) -> list[Event]:
    """Notes appear in the timeline of the organisation that wrote them (their text is in the notes panel)."""
    if scope.is_self:
        return []
    rows = PrivateNote.objects.filter(organisation=scope.organisation, person=scope.person).select_related("author")
    events = []
    for note in rows[:limit]:
        author = note.author.get_full_name() if note.author else _("un membre de la structure")
        text = _("Note privée écrite par %(author)s") % {"author": author}
        if note.struck_at:
            text = _("Note privée écrite par %(author)s (barrée)") % {"author": author}
        events.append(Event(at=note.created_at, kind="casefile.note", text=text, url="#notes"))
    return events


@register_pending("casefile.follow_up")
def follow_up_pending(scope) -> list[Pending]:
    if scope.is_self:
        return []
    query = Q(organisation=scope.organisation, person=scope.person, state=FollowUpState.PENDING)
    items = []
    for f in FollowUp.objects.filter(query):
        if f.consent_method == FollowUpConsentMethod.ACCOUNT:
            items.append(
                Pending(WaitingFor.PERSON, _("Accepter le suivi proposé"), since=f.created_at, kind="follow_up")
            )
        else:
            items.append(
                Pending(WaitingFor.HELPER, _("Ajouter la feuille d'accord de suivi signée"), since=f.created_at)
            )
    return items
