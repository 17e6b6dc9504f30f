"""What the identity screens share: the provider configuration for this site, the error page, session keys."""

from __future__ import annotations

import logging

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from relais.identity import fake_provider
from relais.identity.errors import IdentityError
from relais.identity.providers import ProviderConfig, available, fake_serves, provider_config

logger = logging.getLogger("relais.identity")
PENDING_KEY = "identity_pending"
SIRETS_KEY = "identity_sirets"
LOGOUT_KEY = "identity_logout"


def fake_issuer(request, provider: str) -> str:
    discovery = reverse("identity:fake_discovery", args=[provider])
    return request.build_absolute_uri(discovery.removesuffix("/.well-known/openid-configuration"))


def fake_metadata(request, provider: str) -> dict:
    """The demonstration provider's discovery document (served by identity:fake_discovery, known here without
    asking: this site is that provider)."""

    def absolute(name: str) -> str:
        return request.build_absolute_uri(reverse(f"identity:{name}", args=[provider]))

    urls = {
        "authorization_endpoint": absolute("fake_authorize"),
        "token_endpoint": absolute("fake_token"),
        "userinfo_endpoint": absolute("fake_userinfo"),
        "jwks_uri": absolute("fake_jwks"),
        "end_session_endpoint": absolute("fake_session_end"),
    }
    return fake_provider.discovery(issuer=fake_issuer(request, provider), urls=urls)


def config_for(request, provider: str) -> ProviderConfig:
    if fake_serves(provider):
        return provider_config(
            provider, fake_issuer=fake_issuer(request, provider), fake_metadata=fake_metadata(request, provider)
        )
    return provider_config(provider)


def callback_url(request, provider: str) -> str:
    return request.build_absolute_uri(reverse("identity:callback", args=[provider]))


def signin_buttons() -> dict:
    """For the login page: which provider buttons to show."""
    return {"franceconnect": available("franceconnect"), "proconnect": available("proconnect")}


def error_page(request, error: IdentityError, *, back: str = ""):
    # what the operators need (never the person's data): the kind of failure and the provider's words
    log = logger.error if error.code == "configuration" else logger.warning
    log("identity: %s (%s) on %s", error.code, error.detail, request.path)
    return render(
        request,
        "identity/error.html",
        {"title": _("La connexion n'a pas abouti"), "message": error.message, "back": back},
        status=error.status,
    )
