import urllib.parse

import pytest
from django.urls import reverse

from tests.identity.provider import CLIENT_ID, CLIENT_SECRET, TinyProvider


@pytest.fixture
def tiny(settings):
    """A FranceConnect- and ProConnect-shaped provider on loopback, configured as both."""
    provider = TinyProvider().start()
    for name in ("FRANCECONNECT", "PROCONNECT"):
        setattr(settings, f"RELAIS_{name}_ISSUER", provider.issuer)
        setattr(settings, f"RELAIS_{name}_CLIENT_ID", CLIENT_ID)
        setattr(settings, f"RELAIS_{name}_CLIENT_SECRET", CLIENT_SECRET)
    settings.RELAIS_OIDC_TIMEOUT = 2
    yield provider
    provider.stop()


FC_CLAIMS = {
    "sub": "fc-sub-angela",
    "given_name": "Angela Claire Louise",
    "family_name": "Dubois",
    "birthdate": "1962-08-24",
    "birthplace": "75107",
    "birthcountry": "99100",
    "gender": "female",
    "email": "angela.dubois@example.org",
}


def start(client, provider_name: str, **data) -> dict:
    """POST the sign-in button; returns the authorization request's query parameters."""
    response = client.post(reverse("identity:start", args=[provider_name]), data)
    assert response.status_code == 302, response.content[:500]
    return urllib.parse.parse_qs(urllib.parse.urlparse(response["Location"]).query)


def callback(client, provider_name: str, query: dict, **params):
    params.setdefault("state", query["state"][0])
    return client.get(reverse("identity:callback", args=[provider_name]), params)


def sign_in(client, tiny, provider_name: str, claims: dict, **authorize):
    query = start(client, provider_name)
    code = tiny.authorize(query, claims=claims, **authorize)
    return callback(client, provider_name, query, code=code)
