"""Rules for the foundation: pages, accounts, organisations, territory, journal."""

from relais.policy import rule
from relais.policy.roles import (
    is_authenticated,
    is_coordinator,
    is_manager,
    is_person,
    is_professional,
    is_staff,
)


@rule("page.public")
def _public(user, obj=None, **ctx):
    return True


@rule("page.authenticated")
def _authenticated(user, obj=None, **ctx):
    return is_authenticated(user)


@rule("account.manage_own")
def _account_own(user, obj=None, **ctx):
    return is_authenticated(user)


@rule("person.export_own_data")
def _export_own(user, obj=None, **ctx):
    return is_authenticated(user)


@rule("person.space")
def _person_space(user, obj=None, **ctx):
    return is_person(user)


@rule("organisation.switch")
def _org_switch(user, obj=None, **ctx):
    """obj: the organisation to switch to; the user must be an active member of it."""
    if not is_authenticated(user):
        return False
    if obj is None:
        return is_professional(user)
    return user.memberships.active().filter(organisation=obj).exists()


@rule("organisation.view_members")
def _org_members(user, obj=None, **ctx):
    if is_staff(user):
        return True
    if obj is None:
        return is_manager(user)
    return user.memberships.active().filter(organisation=obj, role="manager").exists()


@rule("professional.space")
def _pro_space(user, obj=None, **ctx):
    return is_professional(user)


@rule("coordinator.space")
def _coordinator_space(user, obj=None, **ctx):
    return is_coordinator(user) or is_staff(user)


@rule("staff.space")
def _staff_space(user, obj=None, **ctx):
    return is_staff(user)


@rule("journal.read_about_person")
def _journal_person(user, obj=None, **ctx):
    """obj: a Person. A person reads the journal entries about themself."""
    return is_person(user) and obj is not None and user.person.pk == obj.pk


@rule("territory.search")
def _territory_search(user, obj=None, **ctx):
    return True


@rule("organisation.manage_members")
def _org_manage_members(user, obj=None, **ctx):
    """obj: the organisation. Its managers (and staff) add and remove members."""
    if not is_authenticated(user):
        return False
    if is_staff(user):
        return True
    if obj is None:
        return is_manager(user)
    return user.memberships.active().filter(organisation=obj, role="manager").exists()


@rule("account.second_factor")
def _second_factor(user, obj=None, **ctx):
    """Set up or renew one's own authenticator app and backup codes."""
    return is_authenticated(user)
