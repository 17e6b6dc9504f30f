"""The whole sign-in flow against a real OpenID Connect provider process, oidc-provider-mock, started here on a
free loopback port (its own venv, var/tools/oidc-provider-mock, built by `make install-dev`: a Flask app stays out
of Relais' venv, docs/adr/0004). It serves RS256 ID tokens and a JSON userinfo (FranceConnect's signed userinfo
and ProConnect's `amr` are covered by the loopback provider of tests/identity/provider.py)."""

import json
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from relais.accounts.models import Person, User
from relais.identity.models import CertifiedIdentity, IdentityLink
from tests.conftest import missing_tool
from tests.identity.conftest import callback

pytestmark = pytest.mark.django_db

TOOL = Path(django_settings.BASE_DIR) / "var/tools/oidc-provider-mock/bin/oidc-provider-mock"
USERS = [
    {
        "sub": "mock-fc-1",
        "given_name": "Marie",
        "family_name": "Curie",
        "birthdate": "1967-11-07",
        "email": "marie.curie@example.org",
        "birthplace": "",
        "birthcountry": "99122",
    },
    {
        "sub": "mock-pc-1",
        "given_name": "Paul",
        "usual_name": "Langevin",
        "email": "paul.langevin@ville.example.org",
        "uid": "plangevin",
        "siret": "13002526500013",
    },
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def mock_provider():
    if not TOOL.exists():
        missing_tool(f"oidc-provider-mock is not installed in {TOOL.parent.parent} (make install-dev builds it)")
    port = _free_port()
    args = [str(TOOL), "--port", str(port), "--require-nonce", "true"]
    for user in USERS:
        args += ["--user-claims", json.dumps(user)]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=1).close()  # noqa: S310
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("oidc-provider-mock did not start")
            time.sleep(0.2)
    yield issuer
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def configured(settings, mock_provider):
    for name in ("FRANCECONNECT", "PROCONNECT"):
        setattr(settings, f"RELAIS_{name}_ISSUER", mock_provider)
        setattr(settings, f"RELAIS_{name}_CLIENT_ID", "relais-ci")
        setattr(settings, f"RELAIS_{name}_CLIENT_SECRET", "relais-ci-secret")
        setattr(settings, f"RELAIS_{name}_SCOPES", "openid profile email")  # the scopes this provider knows
        setattr(settings, f"RELAIS_{name}_USERINFO_JSON", True)  # it does not sign its userinfo
    return mock_provider


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _at_provider(authorize_url: str, **form) -> dict:
    """What the person does on the provider's page: the query of the redirect back to Relais."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(authorize_url, data=urllib.parse.urlencode(form).encode(), method="POST")
    try:
        opener.open(request, timeout=10)  # noqa: S310
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302, redirect.read()[:300]
        return urllib.parse.parse_qs(urllib.parse.urlparse(redirect.headers["Location"]).query)
    pytest.fail("the provider did not redirect back")


def _authorize_url(client, provider: str) -> tuple[str, dict]:
    response = client.post(reverse("identity:start", args=[provider]))
    assert response.status_code == 302
    location = response["Location"]
    return location, urllib.parse.parse_qs(urllib.parse.urlparse(location).query)


def test_franceconnect_flow_against_the_provider_process(client, configured):
    url, query = _authorize_url(client, "franceconnect")
    assert url.startswith(f"{configured}/oauth2/authorize?")
    back = _at_provider(url, sub="mock-fc-1")
    assert back["state"] == query["state"]
    response = client.get(reverse("identity:callback", args=["franceconnect"]), {k: v[0] for k, v in back.items()})
    assert response.status_code == 302 and response["Location"] == reverse("www:dashboard")
    user = User.objects.get(email="marie.curie@example.org")
    person = Person.objects.get(user=user)
    assert CertifiedIdentity.objects.get(person=person).family_name == "Curie"
    assert str(person.birth_date) == "1967-11-07"
    # replaying the same answer is refused, nothing new
    replay = client.get(reverse("identity:callback", args=["franceconnect"]), {k: v[0] for k, v in back.items()})
    assert replay.status_code == 400 and User.objects.count() == 1


def test_proconnect_flow_against_the_provider_process(client, configured):
    url, _query = _authorize_url(client, "proconnect")
    back = _at_provider(url, sub="mock-pc-1")
    client.get(reverse("identity:callback", args=["proconnect"]), {k: v[0] for k, v in back.items()})
    user = User.objects.get(email="paul.langevin@ville.example.org")
    assert IdentityLink.objects.get(user=user).provider == "proconnect"
    assert not Person.objects.filter(user=user).exists()  # a professional: no person record


def test_cancel_at_the_provider_process(client, configured):
    url, query = _authorize_url(client, "franceconnect")
    back = _at_provider(url, action="deny")
    assert back["error"] == ["access_denied"]
    response = callback(client, "franceconnect", query, error="access_denied")
    assert response.status_code == 400 and "annulé" in response.content.decode()
    assert not User.objects.exists()


def test_wrong_nonce_from_the_provider_process(client, configured):
    """The code was issued for another nonce than the one stored with the state: refused."""
    url, query = _authorize_url(client, "franceconnect")
    forged = url.replace(f"nonce={query['nonce'][0]}", "nonce=" + "x" * 43)
    back = _at_provider(forged, sub="mock-fc-1")
    response = client.get(reverse("identity:callback", args=["franceconnect"]), {k: v[0] for k, v in back.items()})
    assert response.status_code == 400 and "sécurité" in response.content.decode()
    assert not User.objects.exists()
