"""Authorization matrix: the core screens (relais/www/core/urls.py) and the language switch."""

from tests.authz.expect import ALLOW, DENY, LOGIN

ROUTES = {
    "www:home": {"default": ALLOW},
    "www:legal": {"default": ALLOW},
    "www:privacy": {"default": ALLOW},
    "www:accessibility": {"default": ALLOW},
    "www:sitemap": {"default": ALLOW},
    "set_language": {"method": "post", "default": ALLOW},
    "www:dashboard": {"anonymous": LOGIN, "default": ALLOW},
    # The members of the active organisation: its managers only (staff have no active one).
    "www:organisation": {"anonymous": LOGIN, "default": DENY, "manager": ALLOW},
    # Switching needs memberships; an empty POST answers with a message and a redirect.
    "www:organisation_switch": {
        "method": "post",
        "anonymous": LOGIN,
        "default": DENY,
        "helper": ALLOW,
        "agent": ALLOW,
        "manager": ALLOW,
    },
    "www:coordination": {"anonymous": LOGIN, "default": DENY, "coordinator": ALLOW, "staff": ALLOW},
}
