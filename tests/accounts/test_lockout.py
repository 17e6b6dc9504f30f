import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db


def _attempt(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_lockout_after_the_failure_limit_with_a_plain_french_page(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = PersonFactory().user
    for _ in range(2):
        response = _attempt(client, user.email, "mauvais")
        assert response.status_code == 200
        assert "Adresse électronique ou mot de passe incorrect" in response.content.decode()
    response = _attempt(client, user.email, "mauvais")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Connexion bloquée pendant 15 minutes" in html
    assert reverse("accounts:password_reset") in html
    # Even the right password is refused while locked.
    response = _attempt(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_other_accounts_are_not_locked(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    locked, other = PersonFactory().user, PersonFactory().user
    for _ in range(2):
        _attempt(client, locked.email, "mauvais")
    assert _attempt(client, locked.email, PASSWORD).status_code == 429
    response = _attempt(client, other.email, PASSWORD)
    assert response.status_code == 302


def test_success_before_the_limit_resets_the_count(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = PersonFactory().user
    for _ in range(2):
        _attempt(client, user.email, "mauvais")
    assert _attempt(client, user.email, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(2):
        assert _attempt(client, user.email, "mauvais").status_code == 200
    assert _attempt(client, user.email, PASSWORD).status_code == 302


def test_a_password_reset_lifts_the_lockout(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    user = PersonFactory().user
    for _ in range(2):
        _attempt(client, user.email, "mauvais")
    assert _attempt(client, user.email, PASSWORD).status_code == 429
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    url = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    response = client.get("/" + url.split("://", 1)[1].split("/", 1)[1], follow=True)
    new = "Encore-un-mot-de-passe-2026"
    client.post(response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert _attempt(client, user.email, new).status_code == 302


def test_password_spraying_from_one_address_is_locked_across_usernames(client, settings):
    """Issue #10: axes counted failures per username and address only, so one common password tried on many
    accounts from one address was never stopped. Now the address is locked after RELAIS_AXES_IP_FAILURE_LIMIT."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.RELAIS_AXES_IP_FAILURE_LIMIT = 4
    victims = [PersonFactory().user for _ in range(4)]
    for victim in victims[:3]:
        assert _attempt(client, victim.email, "Printemps2026!").status_code == 200
    response = _attempt(client, victims[3].email, "Printemps2026!")
    assert response.status_code == 429 and "Connexion bloquée pendant 15 minutes" in response.content.decode()
    # a new account, the right password: still refused from this address
    other = PersonFactory().user
    assert _attempt(client, other.email, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # another address is not locked
    response = client.post(
        reverse("accounts:login"), {"username": other.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 302


def test_below_the_address_limit_other_accounts_still_sign_in(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.RELAIS_AXES_IP_FAILURE_LIMIT = 30
    for _ in range(10):
        assert _attempt(client, PersonFactory().user.email, "mauvais").status_code == 200
    assert _attempt(client, PersonFactory().user.email, PASSWORD).status_code == 302
