from django.http import HttpRequest
from ninja.security import HttpBearer

from relais.organisations.services import api_token_authenticate


class PartnerToken(HttpBearer):
    """`Authorization: Bearer <token>` for partner systems; the request gets `request.api_token`."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str):
        api_token = api_token_authenticate(clear=token)
        if api_token is None:
            return None
        request.api_token = api_token
        return api_token


partner_auth = PartnerToken()
