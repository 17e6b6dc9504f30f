"""Partner tokens on the API: `Authorization: Bearer <token>`.

Each partner operation names the scope it needs (`PartnerToken("dossiers:prefill")`): a token without
it is refused (403); every token is rate-limited (API_TOKEN_RATE per token, 429 with Retry-After)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer

from relais.core.errors import DomainError
from relais.organisations.services import api_token_authenticate
from relais.policy.throttle import throttle_hit


class ScopeMissing(DomainError):
    status = 403
    default_message = "Ce jeton n'a pas le droit de faire cette opération."


class PartnerToken(HttpBearer):
    """The request gets `request.api_token` (and `request.auth`)."""

    openapi_scheme = "bearer"

    def __init__(self, scope: str | None = None) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str):
        api_token = api_token_authenticate(clear=token)
        if api_token is None:
            return None
        throttle_hit(
            "api.token",
            [f"token:{api_token.pk}"],
            rate=settings.API_TOKEN_RATE,
            message="Trop d'appels avec ce jeton en peu de temps : réessayez dans quelques secondes.",
        )
        if self.scope is not None and not api_token.has_scope(self.scope):
            raise ScopeMissing(
                f"Ce jeton n'a pas le droit « {self.scope} » : demandez à un responsable de votre structure "
                "un jeton qui l'a."
            )
        request.api_token = api_token
        return api_token


partner_auth = PartnerToken()
prefill_auth = PartnerToken("dossiers:prefill")
read_auth = PartnerToken("dossiers:read")
