"""Role helpers shared by the rules. Reads only; never decides alone."""

from __future__ import annotations

from relais.organisations.models import MemberRole


def is_authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_person(user) -> bool:
    return is_authenticated(user) and hasattr(user, "person") and user.person is not None


def active_membership(user):
    """The membership in the user's active organisation (set by the middleware), or None."""
    if not is_authenticated(user):
        return None
    return getattr(user, "active_membership", None)


def active_organisation(user):
    membership = active_membership(user)
    return membership.organisation if membership else None


def has_role(user, *roles: str, organisation=None) -> bool:
    """Role in the active organisation (or in `organisation` when given)."""
    if not is_authenticated(user):
        return False
    if organisation is not None:
        return user.memberships.active().filter(organisation=organisation, role__in=roles).exists()
    membership = active_membership(user)
    return membership is not None and membership.role in roles


def is_professional(user) -> bool:
    return is_authenticated(user) and user.memberships.active().exists()


def is_helper(user) -> bool:
    return has_role(user, MemberRole.HELPER)


def is_agent(user) -> bool:
    return has_role(user, MemberRole.AGENT)


def is_manager(user) -> bool:
    return has_role(user, MemberRole.MANAGER)


def is_coordinator(user) -> bool:
    return is_authenticated(user) and user.coordinated_departements.exists()


def is_staff(user) -> bool:
    return is_authenticated(user) and user.is_staff
