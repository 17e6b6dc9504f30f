"""ProConnect against the loopback provider: only the parameters ProConnect accepts, reconciliation on the
work email, a known sub with another email refused, the organisation of the SIRET proposed (never joined),
and the second factor: counted when `amr` says "mfa", asked otherwise."""

import urllib.parse

import pytest
from django.urls import reverse

from relais.accounts.models import User
from relais.identity.models import IdentityLink, JoinRequest
from relais.journal.models import Entry
from relais.organisations.models import MemberRole, Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.identity.conftest import sign_in, start

pytestmark = pytest.mark.django_db

ACCEPTED = {"response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "claims", "idp_hint", "prompt"}


def _claims(**extra):
    return {
        "sub": "pc-sub-1",
        "given_name": "Nadia",
        "usual_name": "Roux",
        "email": "nadia.roux@ccas.example.org",
        "uid": "nroux",
        "siret": "13002526500013",
        "idp_id": "idp-1",
        **extra,
    }


def test_only_the_parameters_proconnect_accepts(client, tiny):
    query = start(client, "proconnect", idp_hint="idp-1")
    assert set(query) <= ACCEPTED
    assert query["idp_hint"] == ["idp-1"]
    assert query["scope"][0].split() == ["openid", "given_name", "usual_name", "email", "uid", "siret"]
    assert "amr" in urllib.parse.unquote(query["claims"][0])
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32


def test_new_professional_is_offered_the_organisation_of_the_siret(client, tiny):
    organisation = OrganisationFactory(siret="13002526500013")
    response = sign_in(client, tiny, "proconnect", _claims(), amr=["pwd"])
    assert response["Location"] == reverse("identity:organisation_offer")
    user = User.objects.get(email="nadia.roux@ccas.example.org")
    assert (user.first_name, user.last_name) == ("Nadia", "Roux")
    assert not Membership.objects.filter(user=user).exists()  # proposed, never granted
    page = client.get(reverse("identity:organisation_offer"))
    assert organisation.name in page.content.decode()
    client.post(reverse("identity:organisation_offer"), {"organisation": organisation.pk})
    assert JoinRequest.objects.filter(user=user, organisation=organisation).exists()
    assert not Membership.objects.filter(user=user).exists()
    assert Entry.objects.filter(action="identity.join_requested", organisation_id=organisation.pk).exists()


def test_managers_are_told_of_a_join_request(client, tiny, mailoutbox, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(siret="13002526500013")
    MembershipFactory(organisation=organisation, role=MemberRole.MANAGER, user__email="chef@example.org")
    sign_in(client, tiny, "proconnect", _claims(), amr=["pwd"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("identity:organisation_offer"), {"organisation": organisation.pk})
    assert any("chef@example.org" in m.to and "nadia.roux@ccas.example.org" in m.body for m in mailoutbox)


def test_existing_professional_reconciled_on_email_still_passes_totp_when_amr_is_password(client, tiny):
    membership = MembershipFactory(role=MemberRole.HELPER, user__email="nadia.roux@ccas.example.org")
    response = sign_in(client, tiny, "proconnect", _claims(email="Nadia.Roux@ccas.example.org"), amr=["pwd"])
    assert int(client.session["_auth_user_id"]) == membership.user.pk
    assert IdentityLink.objects.get().user == membership.user
    home = client.get(response["Location"])
    assert home.status_code == 302 and home["Location"].startswith(reverse("accounts:two_factor"))


def test_amr_mfa_counts_as_the_second_factor(client, tiny):
    membership = MembershipFactory(role=MemberRole.HELPER, user__email="nadia.roux@ccas.example.org")
    response = sign_in(client, tiny, "proconnect", _claims(), amr=["pwd", "mfa"])
    assert int(client.session["_auth_user_id"]) == membership.user.pk
    home = client.get(response["Location"])
    assert home.status_code == 200


def test_a_new_sub_for_the_same_email_is_reconciled(client, tiny):
    user = UserFactory(email="nadia.roux@ccas.example.org")
    sign_in(client, tiny, "proconnect", _claims())
    client.logout()
    sign_in(client, tiny, "proconnect", _claims(sub="pc-sub-2", idp_id="idp-2"))
    assert int(client.session["_auth_user_id"]) == user.pk
    assert IdentityLink.objects.filter(user=user).count() == 2


def test_a_known_sub_with_another_email_is_refused(client, tiny):
    sign_in(client, tiny, "proconnect", _claims())
    client.logout()
    users = User.objects.count()
    response = sign_in(client, tiny, "proconnect", _claims(email="autre@ccas.example.org"))
    assert response.status_code == 400 and "autre adresse" in response.content.decode()
    assert "_auth_user_id" not in client.session and User.objects.count() == users


def test_hs256_userinfo_signed_with_the_client_secret(client, tiny, monkeypatch):
    """ProConnect may sign its userinfo with HS256 (the client secret)."""
    import jwt

    from tests.identity.provider import CLIENT_SECRET

    original = tiny.sign

    def sign(claims, *, kid=None):
        if "nonce" in claims:  # the ID token stays asymmetric
            return original(claims, kid=kid)
        return jwt.encode(claims, CLIENT_SECRET, algorithm="HS256")

    monkeypatch.setattr(tiny, "sign", sign)
    response = sign_in(client, tiny, "proconnect", _claims())
    assert response.status_code == 302 and User.objects.filter(email="nadia.roux@ccas.example.org").exists()
