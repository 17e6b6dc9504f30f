"""Policy rules for the directory: the search is public; editors are the members of the
organisation that runs a place; coordinators moderate the places of their départements; staff all."""

from relais.policy import rule
from relais.policy.roles import (
    active_organisation,
    is_authenticated,
    is_coordinator,
    is_professional,
    is_staff,
)


def _coordinates(user, place) -> bool:
    return (
        is_coordinator(user)
        and bool(place.departement_code)
        and user.coordinated_departements.filter(code=place.departement_code).exists()
    )


def _member_of(user, organisation_id) -> bool:
    return (
        is_authenticated(user)
        and organisation_id is not None
        and user.memberships.active().filter(organisation_id=organisation_id).exists()
    )


@rule("directory.search")
def _search(user, obj=None, **ctx):
    return True


@rule("directory.report_error")
def _report(user, obj=None, **ctx):
    return True


@rule("directory.view_place")
def _view(user, obj=None, **ctx):
    """obj: a Place. Published and fresh places are public; editors and moderators see theirs."""
    if obj is None:
        return True
    if obj.is_published and not obj.is_hidden_stale:
        return True
    return is_staff(user) or _member_of(user, obj.organisation_id) or _coordinates(user, obj)


@rule("directory.view_pro_fields")
def _pro_fields(user, obj=None, **ctx):
    return is_professional(user) or is_coordinator(user) or is_staff(user)


@rule("directory.edit_space")
def _edit_space(user, obj=None, **ctx):
    return is_professional(user) or is_coordinator(user) or is_staff(user)


@rule("directory.create_place")
def _create(user, obj=None, **ctx):
    """obj: the organisation that will run the place (the user's active one)."""
    if is_staff(user):
        return True
    if obj is None:
        return active_organisation(user) is not None
    organisation = active_organisation(user)
    return organisation is not None and organisation.pk == obj.pk


@rule("directory.edit_place")
def _edit(user, obj=None, **ctx):
    if obj is None or not is_authenticated(user):
        return False
    return is_staff(user) or _member_of(user, obj.organisation_id) or _coordinates(user, obj)


@rule("directory.moderate_place")
def _moderate(user, obj=None, **ctx):
    if obj is None or not is_authenticated(user):
        return False
    return is_staff(user) or _coordinates(user, obj) or _member_of(user, obj.organisation_id)
