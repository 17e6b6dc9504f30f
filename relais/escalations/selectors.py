"""Reads of escalations, scoped to who asks: the helper side sees its organisation's, the administration side
only what its teams (or the expert) were invited to."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, Subquery

from relais.escalations.models import Escalation, Invitation, Kind, Message, SeenMark, Status, Team, TeamMember
from relais.escalations.rules import admin_side, helper_side, teams_of
from relais.policy.roles import active_membership

INBOX_PAGE = 50


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


def _status_filter(rows, status: str):
    if status in Status.values:
        return rows.filter(status=status)
    if status == "all":
        return rows
    return rows.filter(status__in=[Status.NEW, Status.IN_PROGRESS, Status.PROCESSED])


def _page_ids(*, user, status: str, team_id: int | None, order: str, wanted: int) -> list[int]:
    """The ids of the first `wanted` escalations of the inbox, in order (two small indexed reads)."""
    membership = active_membership(user)
    if membership is None:
        return []
    team_ids = list(teams_of(user).values_list("team_id", flat=True))
    if team_id:
        team_ids = [pk for pk in team_ids if pk == team_id]
    invited = Invitation.objects.filter(active=True).filter(Q(team_id__in=team_ids) | Q(user=user))
    if team_id:
        invited = Invitation.objects.filter(active=True, team_id__in=team_ids)
    invited = _status_filter(invited, status).exclude(last_activity_at=None)
    # an escalation invited through two of the user's teams is listed once: read twice as many, keep the first
    found = list(invited.order_by(*INVITATION_ORDERS[order]).values_list("escalation_id", flat=True)[: wanted * 2])
    if membership.role in ("helper", "manager") and not team_id:
        own = _status_filter(Escalation.objects.filter(organisation_id=membership.organisation_id), status)
        own_ids = list(own.order_by(*ORDERS[order]).values_list("pk", flat=True)[:wanted])
        if found:  # both sides: merge by the sort key
            keys = dict(
                Escalation.objects.filter(pk__in=set(found) | set(own_ids)).values_list(
                    "pk", ORDERS[order][0].lstrip("-")
                )
            )
            reverse = ORDERS[order][0].startswith("-")
            found = sorted(
                set(found) | set(own_ids), key=lambda pk: (keys[pk] is None, keys[pk] or 0, pk), reverse=reverse
            )
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
