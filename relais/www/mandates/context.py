"""Template context: the acting-for-a-person context on every page (for the banner)."""

from relais.www.mandates.acting import acting_refusal, current_acting


def acting_context(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "active_membership", None):
        return {}
    return {"acting": current_acting(request), "acting_refusal": acting_refusal(request)}
