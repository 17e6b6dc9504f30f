"""Policy rules for the rights domain.

- `rights.simulate`: anyone (the questionnaire is anonymous).
- `rights.batch_space` (no object): helpers and managers of the active organisation see the
  detection of unclaimed rights for the persons their organisation follows.
- `rights.batch_run` (obj: Organisation): a helper or manager of that organisation (active one).
- `rights.batch_view` (obj: BatchRun): a helper or manager of the batch's organisation (active one).
- `rights.save`: keep answers (a person for themself; a helper for a followed person, checked
  again with `rights.act_for`).
- `rights.act_for` (obj: Person): run the simulator for a person the active organisation follows.
- `rights.unclaimed_mark` (obj: UnclaimedRight): a helper or manager of its organisation marks it.
- `rights.take_up_view`: the managers of the active organisation see its take-up figures.
"""

from __future__ import annotations

from relais import policy
from relais.organisations.models import MemberRole
from relais.policy import rule
from relais.policy.roles import active_membership, is_authenticated, is_person
from relais.rights.models import RightsProfile

BATCH_ROLES = (MemberRole.HELPER, MemberRole.MANAGER)


def _member_of(user, organisation) -> bool:
    membership = active_membership(user)
    return (
        membership is not None
        and membership.role in BATCH_ROLES
        and (organisation is None or membership.organisation_id == organisation.pk)
    )


@rule("rights.simulate")
def _simulate(user, obj=None, **ctx):
    return True


@rule("rights.batch_space")
def _batch_space(user, obj=None, **ctx):
    return is_authenticated(user) and _member_of(user, None)


@rule("rights.batch_run")
def _batch_run(user, obj=None, **ctx):
    return is_authenticated(user) and obj is not None and _member_of(user, obj)


@rule("rights.batch_view")
def _batch_view(user, obj=None, **ctx):
    return is_authenticated(user) and obj is not None and _member_of(user, obj.organisation)


@rule("rights.save")
def _save(user, obj=None, **ctx):
    """Keep answers: a person for themself, or a helper/manager for a person they follow."""

    return is_person(user) or (is_authenticated(user) and _member_of(user, None))


@rule("rights.act_for")
def _act_for(user, obj=None, **ctx):
    """obj: a Person. A helper/manager of the active organisation that follows this person for
    their rights (rights profile or person record created by the organisation), or that holds a
    mandate in force for the "social" category."""
    if obj is None or not is_authenticated(user) or not _member_of(user, None):
        return False
    organisation = active_membership(user).organisation

    if RightsProfile.objects.filter(person=obj, organisation=organisation).exists():
        return True
    if getattr(obj, "created_by_organisation_id", None) == organisation.pk:
        return True

    return policy.allows(user, "mandate.act", obj, category="social")


@rule("rights.unclaimed_mark")
def _unclaimed_mark(user, obj=None, **ctx):
    """obj: an UnclaimedRight; a helper or manager of its organisation (the active one) notes where it stands."""
    return is_authenticated(user) and obj is not None and _member_of(user, obj.organisation)


@rule("rights.take_up_view")
def _take_up_view(user, obj=None, **ctx):
    """The take-up figures of the active organisation (and their CSV): its managers."""
    membership = active_membership(user) if is_authenticated(user) else None
    return membership is not None and membership.role == MemberRole.MANAGER
