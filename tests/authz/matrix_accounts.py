"""Authorization matrix: the account screens (relais/www/accounts/urls.py)."""

from relais.organisations.services import api_token_create
from tests.authz.expect import ALLOW, DENY, LOGIN
from tests.factories import MembershipFactory

OWN_ACCOUNT = {"anonymous": LOGIN, "default": ALLOW}


def _colleague_of_manager(ctx):
    membership = MembershipFactory(organisation=ctx["organisations"]["manager"])
    return {"membership_id": membership.pk}


def _token_of_manager(ctx):
    token, _clear = api_token_create(organisation=ctx["organisations"]["manager"], name="SI")
    return {"token_id": token.pk}


ROUTES = {
    "accounts:login": {"default": ALLOW},
    "accounts:logout": {"method": "post", "default": ALLOW},
    "accounts:signup": {"default": ALLOW},  # signed-in users are sent to their space
    "accounts:profile": OWN_ACCOUNT,
    "accounts:export": OWN_ACCOUNT,
    "accounts:export_summary": OWN_ACCOUNT,
    "accounts:delete": OWN_ACCOUNT,
    # A bad token gives the "link does not work" page to everyone (400, no data).
    "accounts:verify_email": {"setup": lambda ctx: {"token": "not-a-token"}, "default": ALLOW},
    "accounts:verify_email_resend": {"method": "post", **OWN_ACCOUNT},
    "accounts:password_reset": {"default": ALLOW},
    "accounts:password_reset_done": {"default": ALLOW},
    "accounts:password_reset_confirm": {"setup": lambda ctx: {"uidb64": "MQ", "token": "bad-token"}, "default": ALLOW},
    "accounts:password_reset_complete": {"default": ALLOW},
    "accounts:password_change": OWN_ACCOUNT,
    "accounts:password_change_done": OWN_ACCOUNT,
    "accounts:two_factor": OWN_ACCOUNT,
    "accounts:two_factor_setup": OWN_ACCOUNT,
    "accounts:two_factor_backup": OWN_ACCOUNT,
    # Member management: managers of the active organisation only.
    "accounts:member_add": {"method": "post", "anonymous": LOGIN, "default": DENY, "manager": ALLOW},
    "accounts:member_remove": {
        "setup": _colleague_of_manager,
        "method": "post",
        "anonymous": LOGIN,
        "default": DENY,
        "manager": ALLOW,
    },
    # Partner API tokens: managers of the active organisation only.
    "accounts:api_tokens": {"anonymous": LOGIN, "default": DENY, "manager": ALLOW},
    "accounts:api_token_revoke": {
        "setup": _token_of_manager,
        "method": "post",
        "anonymous": LOGIN,
        "default": DENY,
        "manager": ALLOW,
    },
}
