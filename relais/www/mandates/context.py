"""Template context: the acting-for-a-person context on every page (for the banner)."""

from relais.policy.roles import active_membership
from relais.www.mandates.acting import acting_refusal, current_acting


def acting_context(request):
    user = getattr(request, "user", None)
    if active_membership(user) is None:
        return {}
    return {"acting": current_acting(request), "acting_refusal": acting_refusal(request)}
