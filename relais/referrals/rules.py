"""Policy rules of referrals.

- `referrals.create`: a helper or manager of the active organisation (or `organisation=`) that follows the
  person (a grant of the person-file hub: a mandate in force or an accepted follow-up); obj: the Person.
- `referrals.sent` / `referrals.view_sent`: the referring organisation's helpers and managers.
- `referrals.inbox` / `referrals.answer`: the members of the organisation running the service's place.
- `referrals.settings`: whoever may edit the service's place in the directory.
- `referrals.mine`: the person's own referrals (« Mes orientations »)."""

from __future__ import annotations

from relais import policy
from relais.accounts.models import Person
from relais.casefile import registry
from relais.casefile.rules import file_membership
from relais.organisations.models import MemberRole
from relais.policy import rule
from relais.policy.roles import active_membership, is_authenticated, is_person
from relais.referrals.models import Referral

REFERRING_ROLES = (MemberRole.HELPER, MemberRole.MANAGER)


@rule("referrals.create")
def _create(user, obj=None, *, organisation=None, **ctx):
    membership = file_membership(user, organisation)
    if membership is None:
        return False
    if obj is None:
        return True
    person = obj if isinstance(obj, Person) else getattr(obj, "person", None)
    return person is not None and bool(registry.grants_for(organisation=membership.organisation, person=person))


@rule("referrals.sent")
def _sent(user, obj=None, **ctx):
    membership = file_membership(user)
    return membership is not None


@rule("referrals.view_sent")
def _view_sent(user, obj=None, **ctx):
    membership = file_membership(user)
    if membership is None or not isinstance(obj, Referral):
        return False
    return obj.organisation_id == membership.organisation_id


@rule("referrals.inbox")
def _inbox(user, obj=None, **ctx):
    return active_membership(user) is not None


@rule("referrals.answer")
def _answer(user, obj=None, **ctx):
    membership = active_membership(user)
    if membership is None or not isinstance(obj, Referral) or obj.receiving_organisation_id is None:
        return False
    return obj.receiving_organisation_id == membership.organisation_id


@rule("referrals.moderate")
def _moderate(user, obj=None, **ctx):
    membership = active_membership(user)
    return _answer(user, obj) and membership is not None and membership.role in (MemberRole.MANAGER, MemberRole.HELPER)


@rule("referrals.settings")
def _settings(user, obj=None, **ctx):
    if obj is None:
        return is_authenticated(user) and policy.allows(user, "directory.edit_space")
    return policy.allows(user, "directory.edit_place", obj.place)


@rule("referrals.mine")
def _mine(user, obj=None, **ctx):
    if not is_person(user):
        return False
    if obj is None:
        return True
    return isinstance(obj, Referral) and obj.person_id is not None and obj.person_id == user.person.pk
