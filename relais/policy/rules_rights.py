"""Policy rules for the rights domain.

- `rights.simulate`: anyone (the questionnaire is anonymous).
- `rights.batch_space` (no object): helpers and managers of the active organisation see the
  detection of unclaimed rights for the persons their organisation follows.
- `rights.batch_run` (obj: Organisation): a helper or manager of that organisation (active one).
- `rights.batch_view` (obj: BatchRun): a helper or manager of the batch's organisation (active one).
"""

from __future__ import annotations

from relais.organisations.models import MemberRole
from relais.policy import rule
from relais.policy.roles import active_membership, is_authenticated

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


@rule("rights.save_own")
def _save_own(user, obj=None, **ctx):
    """A logged-in person keeps their own answers."""
    from relais.policy.roles import is_person

    return is_person(user)
