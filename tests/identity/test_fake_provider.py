"""The demonstration provider (`make run`, demos): off unless RELAIS_FAKE_IDP is on and no real provider is
configured, clearly labelled, FranceConnect- and ProConnect-shaped identities, and its injected errors each
ending on the plain-French page. Its HTTP calls go through the test client here (the browser test,
tests/browser/test_identity.py, runs them over real HTTP)."""

import urllib.parse

import pytest
from django.test import Client
from django.urls import reverse

from relais.accounts.models import Person, User
from relais.identity import oidc
from relais.identity.models import CertifiedIdentity, IdentityLink
from relais.organisations.models import MemberRole
from tests.factories import MembershipFactory, OrganisationFactory, add_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake(settings, monkeypatch):
    settings.RELAIS_FAKE_IDP = True
    settings.RELAIS_FRANCECONNECT_ISSUER = settings.RELAIS_PROCONNECT_ISSUER = ""

    def through_test_client(url, *, data=None, headers=None):
        path = urllib.parse.urlparse(url).path
        auth = {"HTTP_AUTHORIZATION": headers["Authorization"]} if headers and "Authorization" in headers else {}
        response = Client().post(path, data, **auth) if data is not None else Client().get(path, **auth)
        return oidc.answer(response.status_code, response.get("Content-Type", ""), response.content)

    monkeypatch.setattr(oidc, "_http", through_test_client)


def _choose(client, provider: str, identity: str, injection: str = "", cancel: bool = False):
    start = client.post(reverse("identity:start", args=[provider]))
    authorize = urllib.parse.urlparse(start["Location"])
    assert authorize.path == reverse("identity:fake_authorize", args=[provider])
    params = {k: v[0] for k, v in urllib.parse.parse_qs(authorize.query).items()}
    page = client.get(start["Location"])
    assert "Fournisseur d'identité de démonstration — aucune vraie identité" in page.content.decode()
    form = {**params, "identity": identity, "injection": injection}
    if cancel:
        form["cancel"] = "1"
    back = client.post(authorize.path, form)
    assert back.status_code == 302
    return client.get(back["Location"])


def test_off_by_default(client, settings):
    settings.RELAIS_FAKE_IDP = False
    for name in ("fake_discovery", "fake_jwks", "fake_authorize", "fake_userinfo"):
        assert client.get(reverse(f"identity:{name}", args=["franceconnect"])).status_code == 404
    assert client.post(reverse("identity:start", args=["franceconnect"])).status_code == 404
    assert "FranceConnect" not in client.get(reverse("accounts:login")).content.decode()


def test_off_when_a_real_provider_is_configured(client, fake, settings):
    settings.RELAIS_FRANCECONNECT_ISSUER = "https://fcp-low.integ01.dev-franceconnect.fr/api/v2"
    assert client.get(reverse("identity:fake_jwks", args=["franceconnect"])).status_code == 404
    assert client.get(reverse("identity:fake_jwks", args=["proconnect"])).status_code == 200


def test_discovery_and_keys(client, fake):
    metadata = client.get(reverse("identity:fake_discovery", args=["franceconnect"])).json()
    assert metadata["issuer"].endswith("/identite/demo/franceconnect")
    keys = client.get(metadata["jwks_uri"]).json()["keys"]
    assert keys[0]["kty"] == "EC" and keys[0]["alg"] == "ES256" and "d" not in keys[0]


def test_camille_signs_in_and_is_created_certified(client, fake):
    response = _choose(client, "franceconnect", "camille")
    assert response["Location"] == reverse("www:dashboard")
    user = User.objects.get(email="camille.petit@franceconnect-demo.fr")
    certified = CertifiedIdentity.objects.get(person__user=user)
    assert (certified.given_name, certified.family_name, certified.birthplace) == ("Camille Louise", "Petit", "69123")
    assert Person.objects.get(user=user).first_name == "Camille"


def test_proconnect_password_only_still_asks_totp(client, fake):
    organisation = OrganisationFactory(siret="44306184100047")
    membership = MembershipFactory(role=MemberRole.HELPER, user__email="sami.aidant@demo.relais.fr")
    add_totp(membership.user)
    response = _choose(client, "proconnect", "sami")
    assert response["Location"] == reverse("identity:organisation_offer")
    offer = client.get(response["Location"])
    assert offer.status_code == 302 and offer["Location"].startswith(reverse("accounts:two_factor"))
    assert organisation.name  # proposed once the second factor is passed (the browser test goes on)


def test_proconnect_mfa_is_the_second_factor(client, fake):
    membership = MembershipFactory(role=MemberRole.MANAGER, user__email="marc.responsable@demo.relais.fr")
    add_totp(membership.user)
    response = _choose(client, "proconnect", "marc")
    assert client.get(response["Location"]).status_code == 200
    assert IdentityLink.objects.get(user=membership.user).provider == "proconnect"


@pytest.mark.parametrize(
    ("injection", "words"),
    [
        ("cancel", "annulé"),
        ("server_error", "ne répond pas"),
        ("wrong_nonce", "contrôles de sécurité"),
        ("bad_signature", "contrôles de sécurité"),
        ("unknown_kid", "contrôles de sécurité"),
        ("expired_code", "trop de temps"),
    ],
)
def test_injected_errors(client, fake, injection, words):
    response = _choose(client, "franceconnect", "camille", injection=injection)
    assert response.status_code >= 400 and words in response.content.decode()
    assert not User.objects.exists() and not IdentityLink.objects.exists()


def test_cancel_button(client, fake):
    response = _choose(client, "franceconnect", "camille", cancel=True)
    assert "annulé" in response.content.decode() and not User.objects.exists()


def test_authorize_refuses_a_foreign_redirect(client, fake):
    url = reverse("identity:fake_authorize", args=["franceconnect"])
    response = client.get(url, {"redirect_uri": "https://evil.example/cb", "state": "x" * 43})
    assert response.status_code == 400
