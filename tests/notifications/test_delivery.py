"""The delivery task, step by step: lock, attempt recorded before the call, retries, sweep."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.accounts.models import Channel
from relais.notifications import backends
from relais.notifications.models import Attempt, Delivery, DeliveryStatus
from relais.notifications.services import (
    INTERRUPTED,
    deliveries_requeue,
    delivery_send,
    notify,
    retry_delay,
)
from relais.notifications.tasks import deliver
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def make_delivery(django_capture_on_commit_callbacks, channel=Channel.SMS, key="evt-1") -> Delivery:
    person = PersonFactory(preferred_channel=channel, phone="06 12 34 56 78", email="lea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            event="test",
            key=key,
            person=person,
            subject="Rendez-vous confirmé",
            body="Votre rendez-vous est confirmé.",
            sms="Votre rendez-vous est confirmé.",
        )
    return notification.deliveries.get()


def enqueued(dummy_tasks) -> list:
    return [(tuple(result.args), result.task.run_after) for result in dummy_tasks.results]


class Failing:
    """An SMS backend failing a given number of times, then accepting."""

    failures = 0
    permanent = False
    calls: list = []

    def send(self, message):
        Failing.calls.append(message)
        # The attempt is committed before the provider is called.
        delivery = Delivery.objects.get(uid=message.idempotency_key.removeprefix("relais-"))
        assert delivery.status == DeliveryStatus.SENDING
        assert delivery.attempts.filter(finished_at__isnull=True).count() == 1
        if Failing.failures:
            Failing.failures -= 1
            error = backends.PermanentError if Failing.permanent else backends.TemporaryError
            raise error("Le fournisseur SMS a répondu 503 : indisponible")
        return "prov-1"


@pytest.fixture
def failing(settings):
    settings.SMS_BACKEND = "tests.notifications.test_delivery.Failing"
    Failing.failures, Failing.permanent, Failing.calls = 0, False, []
    return Failing


def test_notify_enqueues_the_task_on_commit(dummy_tasks, django_capture_on_commit_callbacks):
    delivery = make_delivery(django_capture_on_commit_callbacks)
    assert enqueued(dummy_tasks) == [((delivery.pk,), None)]
    assert dummy_tasks.results[0].task.func is deliver.func
    assert delivery.status == DeliveryStatus.PENDING


def test_temporary_failure_schedules_a_retry_with_backoff(
    dummy_tasks, failing, django_capture_on_commit_callbacks, settings
):
    settings.NOTIFICATIONS_RETRY_BASE = 60
    delivery = make_delivery(django_capture_on_commit_callbacks)
    dummy_tasks.clear()
    failing.failures = 2

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery_send(delivery_id=delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts_count == 1
    assert "503" in delivery.last_error
    ((args, run_after),) = enqueued(dummy_tasks)
    assert args == (delivery.pk,)
    assert before + dt.timedelta(seconds=60) <= run_after <= timezone.now() + dt.timedelta(seconds=60)
    assert delivery.next_attempt_at == run_after

    # Too early: the task does nothing.
    assert delivery_send(delivery_id=delivery.pk) == "not-due"

    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    dummy_tasks.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery_send(delivery_id=delivery.pk) == "retry"
    ((_, run_after),) = enqueued(dummy_tasks)
    assert run_after - timezone.now() > dt.timedelta(seconds=110)  # 2nd retry waits twice as long

    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.provider_id == "prov-1"
    assert delivery.last_error == ""
    assert [a.ok for a in delivery.attempts.all()] == [False, False, True]
    assert all(a.finished_at for a in delivery.attempts.all())
    # Every call carried the same idempotency key.
    assert {m.idempotency_key for m in failing.calls} == {delivery.idempotency_key}

    # Running the task again sends nothing.
    assert delivery_send(delivery_id=delivery.pk) == "already-sent"
    assert len(failing.calls) == 3


def test_backoff_grows_and_is_capped(settings):
    settings.NOTIFICATIONS_RETRY_BASE = 60
    settings.NOTIFICATIONS_RETRY_MAX = 600
    assert [retry_delay(n).total_seconds() for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]


def test_gives_up_after_max_attempts(dummy_tasks, failing, django_capture_on_commit_callbacks, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    delivery = make_delivery(django_capture_on_commit_callbacks)
    failing.failures = 10
    outcomes = []
    for _ in range(3):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        outcomes.append(delivery_send(delivery_id=delivery.pk))
    assert outcomes == ["retry", "retry", "failed"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error.startswith("Abandon après 3 tentatives.")
    assert delivery.attempts.count() == 3
    assert delivery_send(delivery_id=delivery.pk) == "already-failed"


def test_permanent_failure_is_not_retried(dummy_tasks, failing, django_capture_on_commit_callbacks):
    delivery = make_delivery(django_capture_on_commit_callbacks)
    dummy_tasks.clear()
    failing.failures, failing.permanent = 1, True
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery_send(delivery_id=delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert enqueued(dummy_tasks) == []


def test_a_live_sending_delivery_is_left_alone(dummy_tasks, django_capture_on_commit_callbacks):
    delivery = make_delivery(django_capture_on_commit_callbacks)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, lease_until=timezone.now() + dt.timedelta(minutes=5), attempts_count=1
    )
    assert delivery_send(delivery_id=delivery.pk) == "in-progress"
    dummy_tasks.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue() == 0
    assert backends.outbox == []


def test_sweep_takes_back_a_delivery_whose_worker_died(dummy_tasks, django_capture_on_commit_callbacks):
    delivery = make_delivery(django_capture_on_commit_callbacks)
    dummy_tasks.clear()
    # What a worker killed during the provider call leaves behind:
    started = timezone.now() - dt.timedelta(minutes=10)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, lease_until=timezone.now() - dt.timedelta(seconds=1), attempts_count=1
    )
    Attempt.objects.create(delivery=delivery, started_at=started)

    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue() == 1
    assert enqueued(dummy_tasks) == [((delivery.pk,), None)]

    assert delivery_send(delivery_id=delivery.pk) == "sent"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts_count == 2
    first, second = delivery.attempts.all()
    assert (first.ok, first.error) == (False, INTERRUPTED)
    assert second.ok is True
    assert len(backends.outbox) == 1


def test_sweep_takes_back_a_lost_pending_delivery(dummy_tasks, django_capture_on_commit_callbacks, settings):
    settings.NOTIFICATIONS_STALE_AFTER = 300
    delivery = make_delivery(django_capture_on_commit_callbacks)
    dummy_tasks.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue() == 0  # just created: its task is in the queue
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - dt.timedelta(minutes=6))
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue() == 1
    assert enqueued(dummy_tasks) == [((delivery.pk,), None)]


def test_sweep_ignores_sent_and_failed(dummy_tasks, django_capture_on_commit_callbacks):
    delivery = make_delivery(django_capture_on_commit_callbacks)
    old = timezone.now() - dt.timedelta(days=1)
    for status in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
        Delivery.objects.filter(pk=delivery.pk).update(status=status, next_attempt_at=old, lease_until=old)
        with django_capture_on_commit_callbacks(execute=True):
            assert deliveries_requeue(older_than=dt.timedelta(0)) == 0


def test_requeue_command(dummy_tasks, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    delivery = make_delivery(django_capture_on_commit_callbacks)
    dummy_tasks.clear()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, lease_until=timezone.now() + dt.timedelta(minutes=5)
    )
    out = StringIO()
    call_command("notifications_requeue", stdout=out)
    assert out.getvalue().strip() == "0 envoi(s) relancé(s)."
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notifications_requeue", "--stale-after", "0", stdout=out)
    assert out.getvalue().strip() == "1 envoi(s) relancé(s)."
    assert enqueued(dummy_tasks) == [((delivery.pk,), None)]
    # The sweep ended the lease: the task now takes the delivery back.
    assert delivery_send(delivery_id=delivery.pk) == "sent"


def test_task_runs_the_service(django_capture_on_commit_callbacks):
    delivery = make_delivery(django_capture_on_commit_callbacks, channel=Channel.EMAIL)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT  # immediate backend: sent on commit
    result = deliver.enqueue(delivery.pk)
    assert result.return_value == "already-sent"


def test_status_command(django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    make_delivery(django_capture_on_commit_callbacks, key="evt-ok")
    person = PersonFactory(user=None, first_name="Léa", last_name="Martin", email="", phone="")
    notify(event="nowhere", key="evt-ko", person=person, subject="s", body="b")
    out = StringIO()
    call_command("notifications_status", stdout=out)
    text = out.getvalue()
    assert "sms           envoyé           1" in text
    assert "email         échec définitif  1" in text
    assert "ÉCHEC #" in text and "nowhere" in text and "Pas d'adresse électronique." in text


def test_status_command_sends_test_messages(http_sms, settings):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("notifications_status", "--test-sms", "06 12 34 56 78", "--test-email", "ops@example.fr", stdout=out)
    assert "SMS d'essai envoyé au +33612345678 (référence msg-1)." in out.getvalue()
    assert http_sms.messages[0]["to"] == "+33612345678"
    from django.core import mail

    assert mail.outbox[0].to == ["ops@example.fr"]
    with pytest.raises(CommandError, match="10 chiffres"):
        call_command("notifications_status", "--test-sms", "06 12")
    http_sms.script = ["400"]
    with pytest.raises(CommandError, match="Échec : Le fournisseur SMS a répondu 400"):
        call_command("notifications_status", "--test-sms", "0612345678")


def test_sweep_task(django_capture_on_commit_callbacks):
    from relais.notifications.tasks import requeue_stuck

    delivery = make_delivery(django_capture_on_commit_callbacks)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, attempts_count=1, lease_until=timezone.now() - dt.timedelta(seconds=1)
    )
    backends.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck.enqueue().return_value == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(backends.outbox) == 1
