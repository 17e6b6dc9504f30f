"""/rendez-vous/ itself: each user is sent to the page of appointments that is theirs (the agent's day, the
person's appointments); a visitor signs in first; anyone else goes to the directory, where booking starts."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from relais import policy


def home(request):
    if policy.allows(request.user, "appointment.agent_day"):
        return redirect("appointments:day")
    if policy.allows(request.user, "person.space"):
        return redirect("appointments:mine")
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("appointments:mine"))
    return redirect("directory:search")
