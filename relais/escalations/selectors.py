"""Reads of escalations, scoped to who asks: the helper side sees its organisation's, the administration side
only what its teams (or the expert) were invited to."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, Subquery

from relais.escalations.models import Escalation, Invitation, Kind, Message, SeenMark, Side, Status, Team, TeamMember
from relais.escalations.rules import admin_side, helper_side, teams_of
from relais.policy.roles import active_membership

INBOX_PAGE = 50
#: what an inbox row shows (templates/escalations/inbox.html)
INBOX_FIELDS = (
    "subject",
    "status",
    "created_at",
    "last_activity_at",
    "decision_due_on",
    "wiped_at",
    "person__first_name",
    "person__last_name",
    "person__erased_at",
    "team__name",
    "organisation__name",
)
EXPERT_MAX = 2000  # escalations one expert is invited to by name, read at most


def visible_to(user):
    """Escalations `user` may see in their active organisation (both sides)."""
    membership = active_membership(user)
    if membership is None:
        return Escalation.objects.none()
    invited = Invitation.objects.filter(active=True).filter(Q(team__in=teams_of(user).values("team")) | Q(user=user))
    query = Q(pk__in=invited.values("escalation"))
    if membership.role in ("helper", "manager"):
        query |= Q(organisation_id=membership.organisation_id)
    return Escalation.objects.filter(query)


ORDERS = {
    "activity": ("-last_activity_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "deadline": ("decision_due_on", "pk"),
}
#: the same orders read from the invitations' copies of the keys
INVITATION_ORDERS = {
    "activity": ("-last_activity_at", "-escalation_id"),
    "oldest": ("escalation_created_at", "escalation_id"),
    "deadline": ("decision_due_on", "escalation_id"),
}


OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.PROCESSED)


def _statuses(status: str) -> tuple[str, ...]:
    if status in Status.values:
        return (status,)
    return tuple(Status.values) if status == "all" else OPEN_STATUSES


def _sort_key(order: str):
    if order == "deadline":
        return lambda row: (row[0] is None, row[0] or dt.date.min, row[1])
    return lambda row: (row[0], row[1])


def _merged(querysets, *, order: str, field: str, wanted: int) -> list[int]:
    """The first `wanted` of each queryset in the inbox's order, merged by the sort key."""
    rows = []
    for queryset in querysets:
        ordering = INVITATION_ORDERS[order] if field != "pk" else ORDERS[order]
        key_field = ordering[0].lstrip("-")
        rows.extend(queryset.order_by(*ordering).values_list(key_field, field)[:wanted])
    rows.sort(key=_sort_key(order), reverse=order == "activity")
    return list(dict.fromkeys(row[1] for row in rows))[:wanted]


def _with_expert_invitations(found: list[int], invitations, *, order: str, wanted: int) -> list[int]:
    """Add the escalations the user was invited to by name (few: read whole through the user's index, sorted
    here, since the databases will not sort a mostly-empty column's range well)."""
    key_field = INVITATION_ORDERS[order][0].lstrip("-")
    mine = list(invitations.values_list(key_field, "escalation_id")[:EXPERT_MAX])
    if not mine:
        return found
    keys = dict(Invitation.objects.filter(escalation_id__in=found).values_list("escalation_id", key_field))
    rows = [(keys.get(pk), pk) for pk in found] + mine
    rows.sort(key=_sort_key(order), reverse=order == "activity")
    return list(dict.fromkeys(pk for _key, pk in rows))[:wanted]


def _page_ids(*, user, status: str, team_id: int | None, order: str, wanted: int) -> list[int]:
    """The ids of the first `wanted` escalations of the inbox, in order: the user's teams' invitations, their own
    (as an expert) and, on the helper side, their organisation's escalations, each an indexed read, merged."""
    membership = active_membership(user)
    if membership is None:
        return []
    statuses = _statuses(status)
    team_ids = list(teams_of(user).values_list("team_id", flat=True))
    if team_id:
        team_ids = [pk for pk in team_ids if pk == team_id]
    invited = Invitation.objects.filter(active=True, status__in=statuses)
    querysets = [invited.filter(team_id__in=team_ids)] if team_ids else []
    # an escalation invited through two of the user's teams is listed once: read twice as many, keep the first
    found = _merged(querysets, order=order, field="escalation_id", wanted=wanted * 2)
    if not team_id:
        found = _with_expert_invitations(found, invited.filter(user=user), order=order, wanted=wanted * 2)
    if membership.role in ("helper", "manager") and not team_id:
        own = Escalation.objects.filter(organisation_id=membership.organisation_id)
        own_ids = _merged([own.filter(status__in=statuses)], order=order, field="pk", wanted=wanted)
        if found:  # both sides: merge by the sort key
            field = ORDERS[order][0].lstrip("-")
            rows = list(Escalation.objects.filter(pk__in=set(found) | set(own_ids)).values_list(field, "pk"))
            rows.sort(key=_sort_key(order), reverse=order == "activity")
            found = [pk for _key, pk in rows]
        else:
            found = own_ids
    return list(dict.fromkeys(found))[:wanted]


def inbox(*, user, status: str = "", team_id: int | None = None, order: str = "activity", page: int = 1):
    """One page of the inbox (50, and one more to tell whether a next page exists), filtered and sorted,
    with a new-answer badge per row (`has_news`). Agents' inboxes are read from the invitations' index."""
    order = order if order in ORDERS else "activity"
    start = (max(page, 1) - 1) * INBOX_PAGE
    ids = _page_ids(user=user, status=status, team_id=team_id, order=order, wanted=start + INBOX_PAGE + 1)[start:]
    if not ids:
        return []
    seen = SeenMark.objects.filter(escalation=OuterRef("pk"), user=user)
    rows = (
        Escalation.objects.filter(pk__in=ids, wiped_at=None)
        .annotate(
            seen_at=Subquery(seen.values("seen_at")[:1]),
            has_news=~Exists(seen.filter(seen_at__gte=OuterRef("last_activity_at"))),
        )
        .select_related("person", "team", "organisation")
        .only(*INBOX_FIELDS)
    )
    position = {pk: index for index, pk in enumerate(ids)}
    return sorted(rows, key=lambda row: position[row.pk])


def escalation_for(*, user, escalation_id: int) -> Escalation | None:
    escalation = (
        Escalation.objects.select_related(
            "person", "team__organisation", "organisation", "administration", "created_by"
        )
        .filter(pk=escalation_id, wiped_at=None)
        .first()
    )
    if escalation is None or not (helper_side(user, escalation) or admin_side(user, escalation)):
        return None
    return escalation


def thread(*, escalation: Escalation, administration_side: bool) -> list[Message]:
    """The steps the viewer may read: internal notes only for the administration's side."""
    rows = Message.objects.filter(escalation=escalation).select_related("author", "team", "invited_team")
    if not administration_side:
        rows = rows.exclude(kind=Kind.NOTE)
    return list(rows.order_by("created_at", "pk"))


def seen_at(*, escalation: Escalation, user):
    return SeenMark.objects.filter(escalation=escalation, user=user).values_list("seen_at", flat=True).first()


def teams_choices(*, exclude: Team | None = None):
    rows = Team.objects.filter(is_active=True).select_related("organisation").order_by("organisation__name", "name")
    return rows.exclude(pk=exclude.pk) if exclude is not None else rows


def my_teams(user):
    return [member.team for member in teams_of(user).select_related("team__organisation")]


def teams_of_organisation(organisation):
    return Team.objects.filter(organisation=organisation).prefetch_related("communes", "departements", "members__user")


def is_team_member(user, team: Team) -> bool:
    return TeamMember.objects.filter(user=user, team=team).exists()


def for_person(*, person, limit: int = 50):
    """The person's escalations (for the person's own page and the file's timeline)."""
    return list(
        Escalation.objects.filter(person=person, wiped_at=None)
        .select_related("organisation", "administration", "team")
        .order_by("-created_at")[:limit]
    )


def for_person_with_answers(*, person, limit: int = 50) -> list[tuple[Escalation, list[Message]]]:
    """The person's own escalations, each with what the administration answered (never an internal note)."""
    escalations = for_person(person=person, limit=limit)
    answers: dict[int, list[Message]] = {e.pk: [] for e in escalations}
    visible = Message.objects.filter(
        escalation__in=escalations, side=Side.ADMINISTRATION, kind__in=[Kind.ANSWER, Kind.PROCESSED]
    ).order_by("created_at", "pk")
    for message in visible:
        answers[message.escalation_id].append(message)
    return [(e, answers[e.pk]) for e in escalations]
