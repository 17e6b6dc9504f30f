"""View helpers that ask the one policy."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from relais import policy


def allowed(action: str):
    """Refuse the view unless the policy allows `action` (no object). Anonymous → login page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not policy.allows(request.user, action):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise policy.Refused()
            return view(request, *args, **kwargs)

        wrapper.policy_action = action
        return wrapper

    return decorator
