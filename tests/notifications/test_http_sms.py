"""The real HTTP SMS client against a real local HTTP server."""

import json

import pytest
from django.utils import timezone

from relais.accounts.models import Channel
from relais.notifications.backends import HttpSmsBackend, PermanentError, SmsMessage, TemporaryError
from relais.notifications.models import Delivery, DeliveryStatus
from relais.notifications.services import delivery_send, notify
from tests.factories import PersonFactory


def message(key="relais-abc"):
    return SmsMessage(to="+33612345678", text="Relais : votre rendez-vous est confirmé.", idempotency_key=key)


def client(provider, **kwargs):
    options = {"url": provider.url, "token": provider.token, "sender": "Relais", "timeout": 2, **kwargs}
    return HttpSmsBackend(**options)


def test_success_sends_json_with_auth_and_idempotency_key(sms_provider):
    provider_id = client(sms_provider).send(message())
    assert provider_id == "msg-1"
    (request,) = sms_provider.requests
    assert request["payload"] == {
        "to": "+33612345678",
        "from": "Relais",
        "sender": "Relais",
        "text": "Relais : votre rendez-vous est confirmé.",
    }
    assert request["headers"]["Authorization"] == "Bearer test-token"
    assert request["headers"]["Idempotency-Key"] == "relais-abc"
    assert request["headers"]["Content-Type"].startswith("application/json")
    assert sms_provider.messages == [
        {
            "key": "relais-abc",
            "to": "+33612345678",
            "text": "Relais : votre rendez-vous est confirmé.",
            "sender": "Relais",
        }
    ]


def test_same_key_is_sent_once_by_the_provider(sms_provider):
    backend = client(sms_provider)
    assert backend.send(message()) == backend.send(message())
    assert len(sms_provider.requests) == 2
    assert len(sms_provider.messages) == 1


def test_server_error_is_temporary(sms_provider):
    sms_provider.script = ["500"]
    with pytest.raises(TemporaryError, match="Le fournisseur SMS a répondu 500"):
        client(sms_provider).send(message())
    assert sms_provider.messages == []


def test_bad_request_is_permanent(sms_provider):
    sms_provider.script = ["400"]
    with pytest.raises(PermanentError, match="400.*invalid phone number"):
        client(sms_provider).send(message())


def test_wrong_token_is_permanent(sms_provider):
    with pytest.raises(PermanentError, match="401"):
        client(sms_provider, token="wrong").send(message())


def test_timeout_is_temporary(sms_provider):
    sms_provider.script = ["hang"]
    with pytest.raises(TemporaryError, match="n'a pas répondu dans les 0.5 s"):
        client(sms_provider, timeout=0.5).send(message())
    sms_provider.release()
    # The provider had accepted it: asking again with the same key sends nothing new.
    assert client(sms_provider).send(message()) == "msg-1"
    assert len(sms_provider.messages) == 1


def test_unreachable_provider_is_temporary():
    with pytest.raises(TemporaryError, match="injoignable"):
        HttpSmsBackend(url="http://127.0.0.1:9/sms", token="t", timeout=1).send(message())


def test_missing_configuration_is_explained():
    with pytest.raises(TemporaryError, match="SMS_PROVIDER_URL n'est pas configuré"):
        HttpSmsBackend(url="", token="t").send(message())
    with pytest.raises(TemporaryError, match="SMS_API_TOKEN n'est pas configuré"):
        HttpSmsBackend(url="http://127.0.0.1:9/", token="").send(message())


# --- Through notify() and the task --------------------------------------------------------------


def sms_delivery(django_capture_on_commit_callbacks, key="rdv-1") -> Delivery:
    person = PersonFactory(preferred_channel=Channel.SMS, phone="06 12 34 56 78")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            event="rdv",
            key=key,
            person=person,
            subject="Rendez-vous",
            body="Votre rendez-vous est confirmé.",
            sms="Votre rendez-vous est confirmé.",
        )
    return notification.deliveries.get()


def retry_now(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    return delivery_send(delivery_id=delivery.pk)


@pytest.mark.django_db
def test_notify_sends_through_the_http_provider(http_sms, django_capture_on_commit_callbacks):
    delivery = sms_delivery(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.provider_id == "msg-1"
    (sent,) = http_sms.messages
    assert sent["to"] == "+33612345678"
    assert sent["key"] == delivery.idempotency_key
    assert sent["text"] == "Relais : Votre rendez-vous est confirmé."


@pytest.mark.django_db
def test_500_then_retry_succeeds(http_sms, django_capture_on_commit_callbacks):
    http_sms.script = ["500"]
    delivery = sms_delivery(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert "500" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    assert retry_now(delivery) == "sent"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert [a.ok for a in delivery.attempts.all()] == [False, True]
    assert len(http_sms.messages) == 1
    assert {r["key"] for r in http_sms.requests} == {delivery.idempotency_key}


@pytest.mark.django_db
def test_400_is_a_permanent_failure(http_sms, django_capture_on_commit_callbacks):
    http_sms.script = ["400"]
    delivery = sms_delivery(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "400" in delivery.last_error
    assert delivery.attempts.count() == 1
    assert http_sms.messages == []


@pytest.mark.django_db
def test_timeout_then_retry_gives_one_sms(http_sms, django_capture_on_commit_callbacks, settings):
    settings.SMS_TIMEOUT = 0.5
    http_sms.script = ["hang"]
    delivery = sms_delivery(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert "n'a pas répondu" in delivery.last_error
    http_sms.release()
    assert retry_now(delivery) == "sent"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts.count() == 2
    assert len(http_sms.requests) == 2
    assert len(http_sms.messages) == 1


def test_console_backend_writes_the_log(settings, tmp_path):
    from relais.notifications.backends import ConsoleSmsBackend

    settings.VAR_DIR = tmp_path
    ConsoleSmsBackend().send(message())
    line = json.loads((tmp_path / "sms.log").read_text(encoding="utf-8").splitlines()[0])
    assert line["to"] == "+33612345678"
    assert line["idempotency_key"] == "relais-abc"
    assert line["text"] == "Relais : votre rendez-vous est confirmé."
