"""/orientations/ itself: each user is sent to the referrals that are theirs (sent by the helper, received by
the service's members, or the person's own); a visitor signs in first; anyone else goes to the home page."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from relais import policy


def home(request):
    for action, route in (
        ("referrals.sent", "referrals:sent"),
        ("referrals.inbox", "referrals:inbox"),
        ("referrals.mine", "referrals:mine"),
    ):
        if policy.allows(request.user, action):
            return redirect(route)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("referrals:mine"))
    return redirect("www:home")
