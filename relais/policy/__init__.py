"""The one permission policy of Relais.

Every access decision (views, API, tasks) is `policy.allows(user, action, obj, ...)` or
`policy.require(...)`. Default deny: an action with no rule is refused. Rules live in this
package, one module per domain (`rules_core`, `rules_directory`, ...), registered with
`@rule("action.name")`; a rule returns True to allow. Acting on behalf of a person passes
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
from importlib import import_module
from typing import Any

from django.core.exceptions import PermissionDenied

RuleFn = Callable[..., bool]
_RULES: dict[str, RuleFn] = {}
_LOADED = False
RULE_MODULES = [
    "relais.policy.rules_core",
    "relais.policy.rules_directory",
    "relais.policy.rules_procedures",
    "relais.policy.rules_mandates",
    "relais.policy.rules_rights",
    "relais.policy.rules_documents",
]


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


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    for name in RULE_MODULES:
        try:
            import_module(name)
        except ModuleNotFoundError as exc:  # a domain not written yet
            if exc.name != name:
                raise
    _LOADED = True


def actions() -> list[str]:
    _load()
    return sorted(_RULES)


def allows(user, action: str, obj: Any = None, **context: Any) -> bool:
    """True when `user` may do `action` on `obj`. Unknown actions are refused (default deny)."""
    _load()
    fn = _RULES.get(action)
    if fn is None:
        return False
    result = fn(user, obj, **context)
    return bool(result)


def decide(user, action: str, obj: Any = None, **context: Any) -> Decision:
    _load()
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
