"""Policy rules of the observatory: the index and coverage pages are public (no personal data); the
dashboard is for the coordinators of a département, the managers of an organisation of that département
and staff; the freshness campaign for the coordinators of the département and staff."""

from relais.policy import rule
from relais.policy.roles import active_organisation, is_coordinator, is_manager, is_staff


def coordinated_codes(user) -> list[str]:
    if not is_coordinator(user):
        return []
    return list(user.coordinated_departements.order_by("code").values_list("code", flat=True))


def managed_codes(user) -> list[str]:
    organisation = active_organisation(user)
    if organisation is None or not is_manager(user) or organisation.departement_id is None:
        return []
    return [organisation.departement.code]


def dashboard_codes(user) -> list[str]:
    """The départements whose dashboard the user may open (staff: every one, given by the caller)."""
    return sorted(set(coordinated_codes(user)) | set(managed_codes(user)))


@rule("observatory.view")
def _view(user, obj=None, **ctx):
    return True


@rule("observatory.dashboard")
def _dashboard(user, obj=None, **ctx):
    if is_staff(user):
        return True
    codes = dashboard_codes(user)
    return bool(codes) if obj is None else obj in codes


@rule("observatory.campaign")
def _campaign(user, obj=None, **ctx):
    if is_staff(user):
        return True
    codes = coordinated_codes(user)
    return bool(codes) if obj is None else obj in codes
