"""Policy rules of appointments (default deny).

- `appointment.book_self`: a person books for themself a reason open to everyone.
- `appointment.book_for`: a professional books for a person: any member of the reason's organisation, or
  a helper, agent or manager of another organisation when the reason is open to professionals; the
  person must be in their file (a grant: mandate or follow-up) or their record made by the organisation.
- `appointment.agent_day` / `appointment.mark`: the agent who receives, or a manager of the organisation.
- `appointment.team_day`: a manager sees the day of every agent of the organisation.
- `appointment.stats`: agents and managers of the organisation."""

from __future__ import annotations

from relais.appointments.models import BookableBy
from relais.casefile.registry import grants_for
from relais.organisations.models import MemberRole
from relais.policy import Decision, rule
from relais.policy.roles import active_membership, is_authenticated, is_person


@rule("appointment.book_self")
def _book_self(user, reason=None, **ctx):
    if not is_person(user):
        return False
    return reason is None or reason.bookable_by == BookableBy.EVERYONE


def may_reach_person(membership, person) -> bool:
    if person is None:
        return True
    if person.created_by_organisation_id == membership.organisation_id:
        return True
    return bool(grants_for(organisation=membership.organisation, person=person))


@rule("appointment.book_for")
def _book_for(user, reason=None, *, person=None, **ctx):
    membership = active_membership(user)
    if membership is None:
        return False
    if not may_reach_person(membership, person):
        return Decision(False, "Cette personne n'est pas dans les dossiers suivis par votre structure.")
    if reason is None or reason.organisation_id == membership.organisation_id:
        return True
    return reason.bookable_by in (BookableBy.PROFESSIONALS, BookableBy.EVERYONE)


@rule("appointment.agent_day")
def _agent_day(user, obj=None, **ctx):
    membership = active_membership(user)
    return membership is not None and membership.role in (MemberRole.AGENT, MemberRole.MANAGER, MemberRole.HELPER)


@rule("appointment.team_day")
def _team_day(user, obj=None, **ctx):
    membership = active_membership(user)
    return membership is not None and membership.role == MemberRole.MANAGER


@rule("appointment.mark")
def _mark(user, appointment=None, **ctx):
    if not is_authenticated(user) or appointment is None:
        return False
    if appointment.agent_id == user.pk:
        return True
    membership = active_membership(user)
    return (
        membership is not None
        and membership.role == MemberRole.MANAGER
        and membership.organisation_id == appointment.reason.organisation_id
    )


@rule("appointment.stats")
def _stats(user, obj=None, **ctx):
    membership = active_membership(user)
    return membership is not None and membership.role in (MemberRole.AGENT, MemberRole.MANAGER)


@rule("appointment.manage_reasons")
def _manage_reasons(user, obj=None, **ctx):
    membership = active_membership(user)
    return membership is not None and membership.role == MemberRole.MANAGER
