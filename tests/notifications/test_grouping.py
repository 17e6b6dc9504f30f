"""Issue 20, item 7: an agent's consecutive steps on one dossier reach the person as one message.

The clock is frozen (django.utils.timezone.now patched) and moved by hand; tasks are recorded, not
run, so the test decides when the worker runs each delivery."""

import datetime as dt
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from relais.accounts.models import Channel
from relais.notifications import backends
from relais.notifications.models import Delivery, DeliveryStatus
from relais.notifications.services import deliveries_requeue, delivery_send, notify
from relais.procedures import services
from relais.procedures.models import DossierState
from tests.factories import PersonFactory
from tests.procedures.factories import agent_of
from tests.procedures.test_services import submitted

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self):
        self.now = T0
        self._patch = mock.patch("django.utils.timezone.now", side_effect=lambda: self.now)

    def at(self, seconds: float):
        self.now = T0 + dt.timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def clock():
    clock = Clock()
    with clock._patch:
        yield clock


@pytest.fixture
def grouping(settings):
    settings.NOTIFICATIONS_GROUP_DELAY = 120
    settings.NOTIFICATIONS_GROUP_MAX = 600


def step(person, n, django_capture_on_commit_callbacks, group="dossier-1"):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            event="dossier_step",
            key=f"step-{group}-{n}",
            person=person,
            subject=f"Étape {n}",
            body=f"Votre dossier passe à l'étape {n}.",
            sms=f"Relais : votre dossier est à l'étape {n}. Détails : {settings.SITE_URL}/d/1/",
            link="/d/1/",
            group=group,
        )
    return Delivery.objects.get(notification__key=f"step-{group}-{n}")


def test_three_steps_within_minutes_make_one_sms(dummy_tasks, grouping, clock, django_capture_on_commit_callbacks):
    person = PersonFactory(preferred_channel=Channel.SMS, phone="06 12 34 56 78")
    clock.at(0)
    first = step(person, 1, django_capture_on_commit_callbacks)
    assert first.next_attempt_at == T0 + dt.timedelta(seconds=120)
    clock.at(30)
    second = step(person, 2, django_capture_on_commit_callbacks)
    clock.at(60)
    last = step(person, 3, django_capture_on_commit_callbacks)
    other = step(person, 1, django_capture_on_commit_callbacks, group="dossier-2")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.merged_into_id) == (DeliveryStatus.MERGED, last.pk)
    assert (second.status, second.merged_into_id) == (DeliveryStatus.MERGED, last.pk)
    assert last.next_attempt_at == T0 + dt.timedelta(seconds=180)  # the wait starts again
    assert other.status == DeliveryStatus.PENDING and other.merged_into_id is None
    # The deferred task of the first step runs at its time: nothing is sent for it.
    clock.at(121)
    assert delivery_send(delivery_id=first.pk) == "already-merged"
    assert delivery_send(delivery_id=last.pk) == "not-due"
    clock.at(181)
    assert delivery_send(delivery_id=last.pk) == "sent"
    [sms] = [m for m in backends.outbox if "étape 3" in m.text]
    assert "1) votre dossier est à l'étape 1." in sms.text and "3) votre dossier est à l'étape 3." in sms.text
    assert sms.text.count("/d/1/") == 1
    assert sum("dossier-1" in m.text or "étape" in m.text for m in backends.outbox) == 1


def test_the_wait_never_passes_the_maximum(dummy_tasks, grouping, clock, django_capture_on_commit_callbacks):
    person = PersonFactory(preferred_channel=Channel.SMS, phone="06 12 34 56 78")
    for n in range(8):
        clock.at(n * 100)
        delivery = step(person, n, django_capture_on_commit_callbacks)
    assert delivery.next_attempt_at == T0 + dt.timedelta(seconds=600)
    assert Delivery.objects.filter(status=DeliveryStatus.MERGED).count() == 7


def test_the_sweep_sends_a_due_group_when_tasks_cannot_wait(grouping, clock, django_capture_on_commit_callbacks):
    """With the immediate backend (no deferred tasks), the sweep sends the group once it is due."""
    person = PersonFactory(preferred_channel=Channel.SMS, phone="06 12 34 56 78")
    clock.at(0)
    delivery = step(person, 1, django_capture_on_commit_callbacks)
    assert backends.outbox == []
    clock.at(60)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue() == 0
    clock.at(121)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_requeue() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and len(backends.outbox) == 1


def test_no_grouping_when_the_delay_is_zero(dummy_tasks, settings, clock, django_capture_on_commit_callbacks):
    settings.NOTIFICATIONS_GROUP_DELAY = 0
    person = PersonFactory(preferred_channel=Channel.SMS, phone="06 12 34 56 78")
    deliveries = [step(person, n, django_capture_on_commit_callbacks) for n in range(3)]
    assert all(d.status == DeliveryStatus.PENDING and d.next_attempt_at == T0 for d in deliveries)


def test_an_agent_reviewing_and_asking_a_correction_sends_one_sms(
    grouping,
    clock,
    procedure,
    owner,
    django_capture_on_commit_callbacks,
):
    owner.preferred_channel = Channel.SMS
    owner.phone = "+33612345678"
    owner.save()
    agent = agent_of(procedure.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = submitted(procedure, owner)
    sent_at_submit = len(backends.outbox)  # the person's own step is not delayed
    assert sent_at_submit == 1
    clock.at(10)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_decide(dossier=dossier, actor=agent, to=DossierState.IN_REVIEW, reason="")
    clock.at(70)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_decide(
            dossier=dossier, actor=agent, to=DossierState.CORRECTION_REQUESTED, reason="Photo floue."
        )
    assert len(backends.outbox) == sent_at_submit
    clock.at(191)
    with django_capture_on_commit_callbacks(execute=True):
        deliveries_requeue()
    [sms] = backends.outbox[sent_at_submit:]
    assert "2 nouvelles étapes" in sms.text and "À corriger : Photo floue." in sms.text
    assert timezone.now() == clock.now
