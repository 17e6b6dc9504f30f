"""Policy rules of escalations (« saisines »).

- Two sides. The helper side: helpers and managers of the organisation that opened the escalation.
  The administration side: members of a team invited (and not handed over), and experts invited by name.
- `escalation.create` (obj: the Person): a helper/manager of the active organisation holding a grant
  (a mandate in force or an accepted follow-up, from the person-file registry); refused with the reason.
- An agent of a team never invited sees nothing (404 in the screens, through the selectors)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from relais.casefile import registry
from relais.casefile.rules import file_membership, refusal_reason
from relais.escalations.models import Escalation, Invitation, Status, TeamMember
from relais.organisations.models import MemberRole
from relais.policy import Decision, rule
from relais.policy.roles import active_membership, is_authenticated, is_person


def helper_side(user, escalation: Escalation) -> bool:
    membership = file_membership(user)
    return membership is not None and membership.organisation_id == escalation.organisation_id


def invitations_of(user):
    """Active invitations reaching `user`: their teams' and their own (as an expert)."""
    return Invitation.objects.filter(active=True).filter(
        Q(team__in=TeamMember.objects.filter(user=user).values("team")) | Q(user=user)
    )


def admin_side(user, escalation: Escalation) -> bool:
    if not is_authenticated(user) or active_membership(user) is None:
        return False
    return invitations_of(user).filter(escalation=escalation).exists()


def teams_of(user):
    """The teams the user answers for (as a member of the team, in the active organisation)."""
    membership = active_membership(user)
    if membership is None:
        return TeamMember.objects.none()
    return TeamMember.objects.filter(user=user, team__organisation_id=membership.organisation_id, team__is_active=True)


@rule("escalation.inbox")
def _inbox(user, obj=None, **ctx) -> bool:
    return is_authenticated(user) and active_membership(user) is not None


@rule("escalation.create")
def _create(user, obj=None, **ctx):
    """obj: the Person."""
    membership = file_membership(user)
    if membership is None:
        return Decision(False, _("Seuls les aidants d'une structure peuvent saisir une administration."))
    if obj is None:
        return True
    if not registry.grants_for(organisation=membership.organisation, person=obj):
        return Decision(
            False,
            refusal_reason(organisation=membership.organisation, person=obj)
            + " "
            + _("Il faut un mandat en cours ou un suivi accepté pour saisir une administration pour elle."),
        )
    return True


@rule("escalation.view")
def _view(user, obj=None, **ctx) -> bool:
    if not isinstance(obj, Escalation):
        return False
    return helper_side(user, obj) or admin_side(user, obj)


@rule("escalation.answer")
def _answer(user, obj=None, **ctx):
    if not isinstance(obj, Escalation) or not (helper_side(user, obj) or admin_side(user, obj)):
        return False
    if obj.status == Status.CLOSED:
        return Decision(False, _("Cette saisine est clôturée : on ne peut plus y répondre."))
    return True


def _admin_open(user, obj):
    if not isinstance(obj, Escalation) or not admin_side(user, obj):
        return False
    if obj.status == Status.CLOSED:
        return Decision(False, _("Cette saisine est clôturée."))
    return True


for _action in ("escalation.note", "escalation.invite", "escalation.wrong_team", "escalation.processed"):
    rule(_action)(_admin_open)


@rule("escalation.close")
def _close(user, obj=None, **ctx):
    if not isinstance(obj, Escalation) or not helper_side(user, obj):
        return False
    if obj.status == Status.CLOSED:
        return Decision(False, _("Cette saisine est déjà clôturée."))
    return True


@rule("escalation.stats")
def _stats(user, obj=None, **ctx) -> bool:
    return True  # public: no personal data


@rule("escalation.teams")
def _teams(user, obj=None, **ctx) -> bool:
    """The organisation's manager declares its answering teams."""
    membership = active_membership(user)
    return membership is not None and membership.role == MemberRole.MANAGER


@rule("escalation.own")
def _own(user, obj=None, **ctx) -> bool:
    """The person's own page of escalations made for them."""
    return is_person(user)
