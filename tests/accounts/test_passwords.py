import re

import pytest
from django.core import mail
from django.urls import reverse

from relais.accounts.models import User
from tests.factories import PASSWORD, PersonFactory, verified_login

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nouveau-mot-de-passe-2026"


def _reset_path(message) -> str:
    url = re.search(r"https?://\S+", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_password_reset_by_email_end_to_end(client):
    person = PersonFactory(user__email="nadia@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "NADIA@example.org"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Relais : choisir un nouveau mot de passe"
    assert "choisir votre nouveau mot de passe" in message.body
    response = client.get(_reset_path(message), follow=True)
    assert response.status_code == 200
    assert "Choisir un nouveau mot de passe" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_complete")
    person.user.refresh_from_db()
    assert person.user.check_password(NEW_PASSWORD)
    assert person.user.email_verified_at is not None  # reading the mail proves the address
    # The link works once.
    again = client.get(_reset_path(message), follow=True)
    assert "Ce lien ne marche plus" in again.content.decode()


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "personne@example.org"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_reaches_accounts_created_without_password(client):
    user = User.objects.create_user(email="nouveau@example.org", password=None)
    client.post(reverse("accounts:password_reset"), {"email": "nouveau@example.org"})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]


def test_password_reset_mismatch_is_explained(client):
    PersonFactory(user__email="nadia@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "nadia@example.org"})
    response = client.get(_reset_path(mail.outbox[0]), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert response.status_code == 200
    assert "Les deux mots de passe ne correspondent pas" in response.content.decode()


def test_password_change(client):
    person = PersonFactory()
    client.force_login(person.user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "faux", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Votre mot de passe actuel n&#x27;est pas le bon" in response.content.decode()
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response.url == reverse("accounts:password_change_done")
    person.user.refresh_from_db()
    assert person.user.check_password(NEW_PASSWORD)
    # Still logged in after the change.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_password_change_needs_the_second_factor_for_professionals(client, helper_user):
    client.force_login(helper_user)
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor"))
    verified_login(client, helper_user)
    assert client.get(reverse("accounts:password_change")).status_code == 200


def test_anonymous_password_change_goes_to_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url
