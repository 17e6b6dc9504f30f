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


def inbox(*, user, status: str = "", team_id: int | None = None, order: str = "activity", page: int = 1):
    """One page of the inbox, filtered and sorted, with a new-answer badge per row (`has_news`)."""
    rows = visible_to(user).filter(wiped_at=None)
    if status in Status.values:
        rows = rows.filter(status=status)
    elif status != "all":
        rows = rows.exclude(status=Status.CLOSED)
    if team_id:
        rows = rows.filter(invitations__team_id=team_id, invitations__active=True)
    seen = SeenMark.objects.filter(escalation=OuterRef("pk"), user=user).values("seen_at")[:1]
    rows = rows.annotate(
        seen_at=Subquery(seen),
        has_news=~Exists(
            SeenMark.objects.filter(escalation=OuterRef("pk"), user=user, seen_at__gte=OuterRef("last_activity_at"))
        ),
    ).select_related("person", "team", "organisation")
    ordering = {
        "activity": ("-last_activity_at", "-pk"),
        "oldest": ("created_at", "pk"),
        "deadline": ("decision_due_on", "pk"),
    }
    rows = rows.order_by(*ordering.get(order, ordering["activity"]))
    start = (max(page, 1) - 1) * INBOX_PAGE
    return list(rows[start : start + INBOX_PAGE + 1])


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
