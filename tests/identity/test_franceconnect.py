"""FranceConnect v2 against a provider process on loopback with ES256 keys generated here: the whole flow,
the authorization parameters, the checks of the ID token and of the signed userinfo, and each bad input."""

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.accounts.models import Person, User
from relais.identity.models import AuthRequest, CertifiedIdentity, IdentityLink
from relais.identity.services import sub_hash
from relais.journal.models import Entry
from tests.factories import PASSWORD, PersonFactory, UserFactory
from tests.identity.conftest import FC_CLAIMS, callback, sign_in, start

pytestmark = pytest.mark.django_db


def test_authorization_request_carries_what_franceconnect_requires(client, tiny):
    query = start(client, "franceconnect")
    assert query["acr_values"] == ["eidas1"]
    assert query["scope"][0].split() == [
        "openid",
        "given_name",
        "family_name",
        "birthdate",
        "birthplace",
        "birthcountry",
        "gender",
        "email",
    ]
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert query["state"][0] != query["nonce"][0]
    stored = AuthRequest.objects.get(state=query["state"][0])
    assert stored.nonce == query["nonce"][0] and stored.used_at is None


def test_first_sign_in_creates_a_certified_person_and_lands_home(client, tiny):
    response = sign_in(client, tiny, "franceconnect", FC_CLAIMS)
    assert response.status_code == 302 and response["Location"] == reverse("www:dashboard")
    user = User.objects.get(email="angela.dubois@example.org")
    assert not user.has_usable_password()
    person = Person.objects.get(user=user)
    certified = CertifiedIdentity.objects.get(person=person)
    assert (certified.given_name, certified.family_name, str(certified.birthdate)) == (
        "Angela Claire Louise",
        "Dubois",
        "1962-08-24",
    )
    assert (person.first_name, person.last_name, str(person.birth_date)) == ("Angela", "Dubois", "1962-08-24")
    link = IdentityLink.objects.get(user=user)
    assert link.sub_hash == sub_hash(provider="franceconnect", sub="fc-sub-angela")
    assert "fc-sub-angela" not in link.sub_hash
    assert set(Entry.objects.filter(actor_id=user.pk).values_list("action", flat=True)) >= {
        "identity.account_created",
        "identity.signed_in",
    }
    assert int(client.session["_auth_user_id"]) == user.pk
    # the second time, the same account (by the hashed sub), no new person
    client.logout()
    sign_in(client, tiny, "franceconnect", {**FC_CLAIMS, "email": "other@example.org"})
    assert int(client.session["_auth_user_id"]) == user.pk
    assert Person.objects.filter(last_name="Dubois").count() == 1


def test_certified_names_cannot_be_changed_in_the_profile(client, tiny):
    from relais.accounts.services import user_profile_update

    sign_in(client, tiny, "franceconnect", FC_CLAIMS)
    user = User.objects.get(email="angela.dubois@example.org")
    response = client.get(reverse("accounts:profile"))
    assert "certifiés par FranceConnect" in response.content.decode() and b"disabled" in response.content
    client.post(
        reverse("accounts:profile"),
        {"first_name": "Autre", "last_name": "Nom", "phone": "", "language": "fr", "preferred_channel": "email"},
    )
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Angela", "Dubois")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        user_profile_update(
            user=user, first_name="Autre", last_name="Dubois", phone="", language="fr", preferred_channel="email"
        )


def test_existing_verified_account_is_linked_only_after_confirmation(client, tiny):
    existing = UserFactory(email="angela.dubois@example.org", email_verified_at=timezone.now())
    PersonFactory(user=existing, first_name="Angela", last_name="Dubois")
    response = sign_in(client, tiny, "franceconnect", FC_CLAIMS)
    assert response["Location"] == reverse("identity:link_confirm")
    assert "_auth_user_id" not in client.session and not IdentityLink.objects.exists()
    wrong = client.post(reverse("identity:link_confirm"), {"password": "not-it"})
    assert wrong.status_code == 400 and not IdentityLink.objects.exists()
    client.post(reverse("identity:link_confirm"), {"password": PASSWORD})
    assert IdentityLink.objects.get().user == existing
    assert int(client.session["_auth_user_id"]) == existing.pk
    assert CertifiedIdentity.objects.filter(person__user=existing).exists()


def test_existing_unverified_account_is_not_linked(client, tiny):
    UserFactory(email="angela.dubois@example.org", email_verified_at=None)
    response = sign_in(client, tiny, "franceconnect", FC_CLAIMS)
    assert response.status_code == 400
    assert "pas confirmée" in response.content.decode()
    assert not IdentityLink.objects.exists() and User.objects.count() == 1


def _nothing_created(response, status=400):
    assert response.status_code == status
    page = response.content.decode()
    assert reverse("accounts:login") in page  # a way to sign in otherwise
    assert not User.objects.filter(email="angela.dubois@example.org").exists()
    assert not IdentityLink.objects.exists() and not CertifiedIdentity.objects.exists()
    return page


def test_replayed_state_is_refused(client, tiny):
    query = start(client, "franceconnect")
    first = callback(client, "franceconnect", query, code=tiny.authorize(query, claims=FC_CLAIMS))
    assert first.status_code == 302
    client.logout()
    counts = (User.objects.count(), IdentityLink.objects.count(), Entry.objects.count())
    replay = callback(client, "franceconnect", query, code=tiny.authorize(query, claims=FC_CLAIMS))
    assert replay.status_code == 400 and "déjà servi" in replay.content.decode()
    assert (User.objects.count(), IdentityLink.objects.count(), Entry.objects.count()) == counts
    assert "_auth_user_id" not in client.session and tiny.token_calls == 1


def test_expired_state_is_refused(client, tiny):
    query = start(client, "franceconnect")
    AuthRequest.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=11))
    response = callback(client, "franceconnect", query, code=tiny.authorize(query, claims=FC_CLAIMS))
    assert "expiré" in _nothing_created(response)


@pytest.mark.parametrize(
    ("fault", "words", "status"),
    [
        ("wrong_nonce", "contrôles de sécurité", 400),
        ("bad_signature", "contrôles de sécurité", 400),
        ("unknown_kid", "contrôles de sécurité", 400),
        ("expired_code", "trop de temps", 400),
        ("down", "ne répond pas", 504),
    ],
)
def test_bad_answers_end_on_a_clear_page_with_nothing_created(client, tiny, fault, words, status):
    tiny.faults.add(fault)
    response = sign_in(client, tiny, "franceconnect", FC_CLAIMS)
    assert words in _nothing_created(response, status)


def test_provider_timeout(client, tiny, settings):
    settings.RELAIS_OIDC_TIMEOUT = 0.5
    tiny.delay = 1.5
    response = sign_in(client, tiny, "franceconnect", FC_CLAIMS)
    assert "ne répond pas" in _nothing_created(response, 504)


def test_cancel_at_the_provider(client, tiny):
    query = start(client, "franceconnect")
    response = callback(client, "franceconnect", query, error="access_denied")
    assert "annulé" in _nothing_created(response)
    assert tiny.token_calls == 0


@pytest.mark.parametrize("error", ["server_error", "invalid_scope"])
def test_other_provider_errors(client, tiny, error):
    query = start(client, "franceconnect")
    page = _nothing_created(
        callback(client, "franceconnect", query, error=error), 502 if error == "server_error" else 400
    )
    assert ("ne répond pas" if error == "server_error" else "réglage") in page


def test_keys_are_fetched_again_when_the_provider_rotates_them(client, tiny):
    sign_in(client, tiny, "franceconnect", FC_CLAIMS)
    assert tiny.jwks_fetches == 1
    client.logout()
    tiny.rotate()  # the cached key set no longer has the new kid
    response = sign_in(client, tiny, "franceconnect", FC_CLAIMS)
    assert response.status_code == 302 and tiny.jwks_fetches == 2


def test_unsigned_userinfo_is_refused(client, tiny, monkeypatch):
    """FranceConnect signs its userinfo: a plain JSON answer is refused unless configured for a test provider."""
    from relais.identity import oidc

    real_http = oidc._http

    def json_userinfo(url, **kwargs):
        content_type, body = real_http(url, **kwargs)
        if url.endswith("/userinfo"):
            return "application/json", b'{"sub": "fc-sub-angela"}'
        return content_type, body

    monkeypatch.setattr(oidc, "_http", json_userinfo)
    response = sign_in(client, tiny, "franceconnect", FC_CLAIMS)
    _nothing_created(response)


def test_logout_goes_through_the_end_session_endpoint(client, tiny):
    sign_in(client, tiny, "franceconnect", FC_CLAIMS)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{tiny.issuer}/session/end?")
    assert "id_token_hint=" in location and "state=" in location and "post_logout_redirect_uri=" in location
    assert "_auth_user_id" not in client.session


def test_states_are_purged(client, tiny):
    from relais.identity.services import auth_requests_purge

    start(client, "franceconnect")
    start(client, "franceconnect")
    AuthRequest.objects.filter(pk=AuthRequest.objects.first().pk).update(
        created_at=timezone.now() - timezone.timedelta(hours=1)
    )
    assert auth_requests_purge() == 1
    assert AuthRequest.objects.count() == 1


def test_the_journal_tells_the_person_in_plain_words(client, tiny):
    from relais.journal.rendering import entry_sentence

    sign_in(client, tiny, "franceconnect", FC_CLAIMS)
    entry = Entry.objects.get(action="identity.signed_in")
    assert "s'est connecté avec FranceConnect" in entry_sentence(entry)
