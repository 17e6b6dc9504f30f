import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from relais.accounts import services
from relais.accounts.models import EmailVerification, User
from relais.journal.models import Entry
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Awa",
    "last_name": "Diallo",
    "email": "Awa.Diallo@Example.org",
    "password": "un-long-mot-de-passe-2026",
}


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_signup_creates_user_person_and_sends_a_verification_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302 and response.url == reverse("www:dashboard")
    user = User.objects.get(email="awa.diallo@example.org")
    assert user.person.first_name == "Awa" and user.email_verified_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["awa.diallo@example.org"]
    assert "confirmez votre adresse" in message.subject
    link = _link(message)
    assert "/compte/adresse/confirmer/" in link
    # The banner shows until the address is verified.
    page = client.get(reverse("www:dashboard")).content.decode()
    assert "Confirmez votre adresse électronique" in page
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert "Confirmez votre adresse électronique" not in client.get(reverse("www:dashboard")).content.decode()
    # The link works once only.
    again = client.get("/" + path)
    assert again.status_code == 400
    assert "Ce lien ne marche pas" in again.content.decode()


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({**SIGNUP, "email": "pas-une-adresse"}, "Saisissez une adresse de courriel valide"),
        ({**SIGNUP, "password": "12345678901"}, "entièrement numérique"),
        ({**SIGNUP, "password": "court"}, "trop court"),
        ({**SIGNUP, "first_name": ""}, "Ce champ est obligatoire"),
    ],
)
def test_signup_errors_are_plain_french_and_keep_the_input(client, data, field_message):
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert field_message in html
    assert not User.objects.exists()
    if data["last_name"]:
        assert 'value="Diallo"' in html  # nothing typed is lost


def test_signup_with_an_existing_address_says_what_to_do(client):
    PersonFactory(user__email="awa.diallo@example.org")
    response = client.post(reverse("accounts:signup"), SIGNUP)
    html = response.content.decode()
    assert "Un compte existe déjà avec cette adresse" in html
    assert User.objects.count() == 1


def test_forged_expired_or_unknown_tokens_are_refused(person):
    user = person.user
    token = services.email_verification_create(user=user)
    assert services.email_verify(token=token + "x") is None
    assert services.email_verify(token="abc:def") is None
    clear = token.split(":")[0]
    with mock.patch("time.time", return_value=time.time() - 4 * 86400):
        expired = signing.TimestampSigner(salt=services.EMAIL_VERIFICATION_SALT).sign(clear)
    assert services.email_verify(token=expired) is None
    user.refresh_from_db()
    assert user.email_verified_at is None
    assert services.email_verify(token=token) == user
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert Entry.objects.filter(action="account.email_verified", actor_id=user.pk).count() == 1


def test_resend_is_limited_to_one_mail_every_two_minutes(client, person):
    client.force_login(person.user)
    response = client.post(reverse("accounts:verify_email_resend"), {"next": "/mon-espace/"})
    assert response.status_code == 302 and response.url == "/mon-espace/"
    assert len(mail.outbox) == 1
    response = client.post(reverse("accounts:verify_email_resend"), follow=True)
    assert "réessayez dans 2 minutes" in response.content.decode()
    assert len(mail.outbox) == 1
    EmailVerification.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=3))
    client.post(reverse("accounts:verify_email_resend"))
    assert len(mail.outbox) == 2


def test_resend_rejects_foreign_next_and_verified_users(client, person):
    person.user.email_verified_at = timezone.now()
    person.user.save()
    client.force_login(person.user)
    response = client.post(reverse("accounts:verify_email_resend"), {"next": "https://evil.example/"})
    assert response.url == reverse("accounts:profile")
    assert mail.outbox == []


def test_a_mail_failure_keeps_the_account_and_allows_a_resend(client, django_capture_on_commit_callbacks, monkeypatch):
    import smtplib

    from relais.accounts import services as account_services

    def broken(*args, **kwargs):
        raise smtplib.SMTPException("server down")

    monkeypatch.setattr(account_services, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="awa.diallo@example.org")
    assert not EmailVerification.objects.filter(user=user).exists()
    monkeypatch.undo()
    client.post(reverse("accounts:verify_email_resend"))
    assert len(mail.outbox) == 1
