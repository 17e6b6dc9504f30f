"""Authorization matrix of identity (/identite/): sign-in with FranceConnect or ProConnect is open to everyone
(the provider decides who signs in); linking needs the pending identity of this session; the organisation offer
needs an account; proving a person's identity belongs to the helper of the pending mandate. The demonstration
provider's endpoints are walked with RELAIS_FAKE_IDP on (off, they answer 404: tests/identity/test_fake_provider.py)."""

from tests.authz.expect import ALLOW, DENY, LOGIN

FAKE = {"RELAIS_FAKE_IDP": True}
EVERYONE = {"default": ALLOW, "settings": FAKE}


def _fc(ctx):
    return {"provider": "franceconnect"}


def _pending_link(ctx, role):
    user = ctx["person"].user
    return {
        "identity_pending": {
            "provider": "franceconnect",
            "sub_hash": "0" * 64,
            "user_id": user.pk,
            "email": user.email,
            "claims": {},
            "acr": "eidas1",
        }
    }


def _pending_mandate(ctx):
    from relais.mandates import services

    mandate = services.mandate_request_create(
        actor=ctx["users"]["helper"],
        organisation=ctx["organisations"]["helper"],
        person=ctx["person"],
        categories=["social"],
        duration_days=31,
        consent_method="paper",
    )
    return {"kind": "mandate", "subject_id": mandate.pk}


def _join_request(ctx):
    from relais.identity.models import JoinRequest
    from tests.factories import UserFactory

    join = JoinRequest.objects.create(user=UserFactory(), organisation=ctx["organisations"]["manager"])
    return {"request_id": join.pk}


ROUTES = {
    "identity:start": {**EVERYONE, "setup": _fc, "method": "post"},
    "identity:callback": {**EVERYONE, "setup": _fc},  # an unknown state: the error page
    "identity:link_confirm": {
        "setup": lambda ctx: {"__session__": _pending_link},
        "anonymous": LOGIN,  # no pending identity in this session: back to the login page
        "default": ALLOW,
    },
    "identity:organisation_offer": {"anonymous": LOGIN, "default": ALLOW},
    # a manager answers a join request of their organisation (an empty post refuses it)
    "identity:join_request_decide": {
        "setup": _join_request,
        "method": "post",
        "anonymous": LOGIN,
        "default": DENY,
        "manager": ALLOW,
    },
    "identity:proof_start": {
        "setup": _pending_mandate,
        "method": "post",
        "settings": FAKE,
        "anonymous": LOGIN,
        "default": DENY,
        "helper": ALLOW,
    },
    "identity:fake_discovery": {**EVERYONE, "setup": _fc},
    "identity:fake_jwks": {**EVERYONE, "setup": _fc},
    "identity:fake_authorize": {**EVERYONE, "setup": _fc},  # no redirect_uri: its error page
    # the token and userinfo endpoints answer 401 without client credentials or bearer token
    "identity:fake_token": {"default": LOGIN, "settings": FAKE, "setup": _fc, "method": "post"},
    "identity:fake_userinfo": {"default": LOGIN, "settings": FAKE, "setup": _fc},
    "identity:fake_session_end": {**EVERYONE, "setup": _fc},
}
