"""Policy rules of feedback (default deny).

- `feedback.review`: anyone gives a review (anonymous or a person).
- `feedback.report`: a professional of their active organisation (helper, agent, manager) reports a problem.
- `feedback.author`: the procedure's authors (`procedure.manage`): groups, tickets, answers.
- `feedback.moderate`: staff moderate the stories before anything is published.
- `feedback.indicators`: public."""

from __future__ import annotations

from relais import policy
from relais.policy import rule
from relais.policy.roles import active_membership, is_staff


@rule("feedback.review")
def _review(user, obj=None, **ctx):
    return True


@rule("feedback.report")
def _report(user, obj=None, **ctx):
    return active_membership(user) is not None


@rule("feedback.author")
def _author(user, obj=None, **ctx):
    return obj is not None and policy.allows(user, "procedure.manage", obj)


@rule("feedback.moderate")
def _moderate(user, obj=None, **ctx):
    return is_staff(user)


@rule("feedback.indicators")
def _indicators(user, obj=None, **ctx):
    return True
