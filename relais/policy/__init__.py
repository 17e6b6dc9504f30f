"""The one permission policy of Relais.

Every access decision (views, API, tasks) is `policy.allows(user, action, obj, ...)` or
`policy.require(...)`. Default deny: an action with no rule is refused. The policy core never
imports a domain: each domain owns its rules in `relais/<domain>/rules.py`, registered with
`@rule("action.name")` and imported at start-up by the domain's app config (`modules`, see
`relais.core.apps`); the rules of the base (pages, accounts, organisations, territory) are in
`relais/policy/rules_core.py`. A rule returns True (or a `Decision`) to allow. Acting on behalf of a person passes
`on_behalf_of=` and the rule checks the mandate.

Roles, for reference:
- anonymous visitor;
- person (usager): `user.person` exists;
- helper / agent / manager: an active Membership in the *active* organisation;
- coordinator: `user.coordinated_departements`;
- staff: `user.is_staff`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

RuleFn = Callable[..., bool]
_RULES: dict[str, RuleFn] = {}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


class Refused(PermissionDenied):
    """Raised by `require`; `message` is plain French for the person refused."""

    def __init__(self, message: str = "Vous n'avez pas accès à cette page.") -> None:
        super().__init__(message)
        self.message = message


def rule(action: str) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        if action in _RULES:
            raise RuntimeError(f"policy rule {action!r} defined twice")
        _RULES[action] = fn
        return fn

    return register


def actions() -> list[str]:
    return sorted(_RULES)


def allows(user, action: str, obj: Any = None, **context: Any) -> bool:
    """True when `user` may do `action` on `obj`. Unknown actions are refused (default deny)."""
    fn = _RULES.get(action)
    if fn is None:
        return False
    result = fn(user, obj, **context)
    return bool(result)


def decide(user, action: str, obj: Any = None, **context: Any) -> Decision:
    fn = _RULES.get(action)
    if fn is None:
        return Decision(False, "no rule")
    result = fn(user, obj, **context)
    if isinstance(result, Decision):
        return result
    return Decision(bool(result))


def require(user, action: str, obj: Any = None, *, message: str | None = None, **context: Any) -> None:
    decision = decide(user, action, obj, **context)
    if not decision:
        raise Refused(message or decision.reason or "Vous n'avez pas accès à cette page.")
