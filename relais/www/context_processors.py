from django.conf import settings

from relais.policy.roles import active_membership
from relais.www.navigation import items_for


def relais(request):
    user = getattr(request, "user", None)
    return {
        "nav_items": items_for(request),
        "active_membership": active_membership(user),
        "all_memberships": getattr(user, "all_memberships", []) if user and user.is_authenticated else [],
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "DEBUG": settings.DEBUG,
    }
