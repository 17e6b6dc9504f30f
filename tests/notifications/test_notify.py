"""notify(): one notification per key, one delivery on the right channel, sent by the task."""

import pytest
from django.core import mail
from django.db import transaction

from relais.accounts.models import Channel
from relais.notifications import backends
from relais.notifications.models import Delivery, DeliveryStatus, Notification
from relais.notifications.services import notify, notify_on_commit, recipient_route
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    "subject": "Votre dossier a bien été envoyé",
    "body": "Bonjour,\n\nVotre demande d'aide au logement a bien été envoyée à la CAF.",
    "sms": "Votre demande d'aide au logement a bien été envoyée.",
    "link": "/demarches/dossiers/12/",
}


def send(**kwargs):
    params = {"event": "dossier_submitted", "key": "dossier-12-submitted-1", **TEXTS, **kwargs}
    return notify(**params)


def test_email_by_default_with_deterministic_message_id(django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://relais.example.fr"
    person = PersonFactory(email="lea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notification = send(person=person)

    delivery = notification.deliveries.get()
    assert delivery.channel == Channel.EMAIL
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts.count() == 1
    assert delivery.attempts.get().ok is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea@example.org"]
    assert message.subject == "Votre dossier a bien été envoyé"
    assert "Votre demande d'aide au logement a bien été envoyée à la CAF." in message.body
    assert "https://relais.example.fr/demarches/dossiers/12/" in message.body
    expected_id = f"<relais-{delivery.uid.hex}@relais.localhost>"
    assert message.message()["Message-ID"] == expected_id
    assert delivery.provider_id == expected_id


def test_same_key_twice_sends_once(django_capture_on_commit_callbacks):
    person = PersonFactory(email="lea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        first = send(person=person)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = send(person=person, subject="Autre objet")
    assert second.pk == first.pk
    assert second.subject == TEXTS["subject"]
    assert callbacks == []
    assert Notification.objects.count() == 1
    assert Delivery.objects.count() == 1
    assert len(mail.outbox) == 1


def test_other_keys_are_other_notifications(django_capture_on_commit_callbacks):
    person = PersonFactory(email="lea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        send(person=person, key="dossier-12-submitted-1")
        send(person=person, key="dossier-12-submitted-2")
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2


def test_sms_preference_uses_e164_number(django_capture_on_commit_callbacks):
    person = PersonFactory(preferred_channel=Channel.SMS, phone="06 12 34 56 78", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        notification = send(person=person)
    delivery = notification.deliveries.get()
    assert (delivery.channel, delivery.address, delivery.status) == ("sms", "+33612345678", DeliveryStatus.SENT)
    assert len(backends.outbox) == 1
    sms = backends.outbox[0]
    assert sms.to == "+33612345678"
    assert sms.idempotency_key == delivery.idempotency_key
    assert sms.text.startswith("Relais : Votre demande d'aide au logement a bien été envoyée.")
    assert sms.text.endswith("/demarches/dossiers/12/")
    assert mail.outbox == []


def test_sms_text_defaults_to_the_subject(django_capture_on_commit_callbacks):
    person = PersonFactory(preferred_channel=Channel.SMS, phone="0612345678")
    with django_capture_on_commit_callbacks(execute=True):
        send(person=person, sms="", link="")
    assert backends.outbox[0].text == "Relais : Votre dossier a bien été envoyé"


def test_sms_preferred_but_no_phone_falls_back_to_email(django_capture_on_commit_callbacks):
    person = PersonFactory(preferred_channel=Channel.SMS, phone="", email="lea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notification = send(person=person)
    assert notification.deliveries.get().channel == Channel.EMAIL
    assert len(mail.outbox) == 1 and backends.outbox == []


def test_email_preferred_but_no_email_falls_back_to_sms():
    person = PersonFactory(user=None, email="", phone="07 11 22 33 44", first_name="Léa", last_name="Martin")
    route = recipient_route(person=person)
    assert (route.channel, route.address) == ("sms", "+33711223344")


def test_landline_is_not_used_for_sms():
    person = PersonFactory(user=None, email="", phone="04 78 00 00 00", first_name="Léa", last_name="Martin")
    route = recipient_route(person=person)
    assert route.address == ""
    assert "téléphone fixe" in route.error


def test_organisation_preference_sends_to_the_organisation(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name="France Services Vénissieux", email="accueil@fs-venissieux.fr")
    person = PersonFactory(
        user=None,
        first_name="Mohamed",
        last_name="Benali",
        email="",
        phone="",
        preferred_channel=Channel.ORGANISATION,
        created_by_organisation=organisation,
    )
    with django_capture_on_commit_callbacks(execute=True):
        notification = send(person=person)
    delivery = notification.deliveries.get()
    assert (delivery.channel, delivery.address) == ("organisation", "accueil@fs-venissieux.fr")
    message = mail.outbox[0]
    assert message.to == ["accueil@fs-venissieux.fr"]
    assert message.subject == "Pour Mohamed Benali : Votre dossier a bien été envoyé"
    assert "Mohamed Benali a demandé que votre structure reçoive ses messages" in message.body
    assert "Votre demande d'aide au logement" in message.body


def test_organisation_without_email_falls_back_to_the_persons_email():
    organisation = OrganisationFactory(email="")
    person = PersonFactory(
        preferred_channel=Channel.ORGANISATION, created_by_organisation=organisation, email="lea@example.org"
    )
    assert recipient_route(person=person).address == "lea@example.org"


def test_nothing_sendable_is_a_failed_delivery_with_a_reason(django_capture_on_commit_callbacks):
    person = PersonFactory(
        user=None, first_name="Léa", last_name="Martin", email="", phone="", preferred_channel=Channel.SMS
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = send(person=person)
    delivery = notification.deliveries.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.channel == Channel.SMS
    assert delivery.last_error == (
        "Impossible de prévenir cette personne : Pas de numéro de téléphone. Pas d'adresse électronique."
    )
    assert callbacks == []
    assert delivery.attempts.count() == 0


def test_professional_user_is_notified_by_email(django_capture_on_commit_callbacks):
    user = UserFactory(email="agent@caf.example.fr", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notification = send(user=user, subject="New file", body="A new file is waiting.", link="")
    assert notification.language == "en"
    assert notification.user == user
    assert mail.outbox[0].to == ["agent@caf.example.fr"]
    assert "automatically" in mail.outbox[0].body or "automatiquement" in mail.outbox[0].body


def test_person_language_is_kept():
    person = PersonFactory(language="en")
    assert send(person=person).language == "en"


def test_a_recipient_is_required():
    with pytest.raises(ValueError):
        send()
    with pytest.raises(ValueError):
        send(person=PersonFactory(), user=UserFactory())


def test_notify_on_commit_waits_for_the_commit(django_capture_on_commit_callbacks):
    person = PersonFactory(email="lea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify_on_commit(event="dossier_submitted", key="k-1", person=person, **TEXTS)
            assert Notification.objects.count() == 0
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_notify_on_commit_sends_nothing_on_rollback(django_capture_on_commit_callbacks):
    person = PersonFactory(email="lea@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                notify_on_commit(event="dossier_submitted", key="k-1", person=person, **TEXTS)
                raise RuntimeError("rollback")
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_long_texts_are_clipped():
    person = PersonFactory()
    notification = send(person=person, subject="x" * 300, sms="y" * 600)
    assert len(notification.subject) == 200 and notification.subject.endswith("…")
    assert len(notification.sms_body) == 480


def test_concurrent_same_key_returns_the_winner(monkeypatch, django_capture_on_commit_callbacks):
    """Two requests notify the same key at once: the second insert hits the unique key and
    returns the first notification instead of failing."""
    person = PersonFactory(email="lea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        first = send(person=person)
    real_filter = Notification.objects.filter

    class NotSeenYet:
        def first(self):
            return None

    monkeypatch.setattr(Notification.objects, "filter", lambda **kw: NotSeenYet() if "key" in kw else real_filter(**kw))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = send(person=person)
    assert second.pk == first.pk
    assert callbacks == []
    assert Delivery.objects.count() == 1


def test_an_address_without_account_is_emailed_once_per_key_with_the_delivery_kept(
    django_capture_on_commit_callbacks,
):
    from relais.notifications.services import notify_address

    params = {
        "event": "referral_link",
        "key": "referral-7-link-abc",
        "email": "accueil@epicerie.example.org",
        "subject": "Nouvelle orientation",
        "body": "Bonjour,\n\nUne personne vous est orientée.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_address(**params)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_address(**params) == notification  # the same key sends nothing more
    delivery = notification.deliveries.get()
    assert (delivery.channel, delivery.address, delivery.status) == (
        Channel.EMAIL,
        "accueil@epicerie.example.org",
        DeliveryStatus.SENT,
    )
    assert notification.person is None and notification.user is None
    assert [m.to for m in mail.outbox] == [["accueil@epicerie.example.org"]]
    assert "Une personne vous est orientée." in mail.outbox[0].body


def test_messages_lose_their_text_and_address_after_a_year(django_capture_on_commit_callbacks, settings):
    import datetime as dt

    from django.utils import timezone

    from relais.notifications.retention import notifications_purge_old

    settings.NOTIFICATIONS_KEEP_DAYS = 365
    person = PersonFactory(email="lea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        old = send(person=person)
        recent = send(person=person, key="dossier-13-submitted-1")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=366))

    assert notifications_purge_old() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.subject, old.body, old.sms_body, old.link) == ("", "", "", "")
    assert old.deliveries.get().address == "" and old.deliveries.get().status == DeliveryStatus.SENT
    assert recent.body == TEXTS["body"] and recent.deliveries.get().address == "lea@example.org"
    assert notifications_purge_old() == 0
