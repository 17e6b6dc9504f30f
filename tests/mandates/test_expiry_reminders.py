"""Expiry reminders: once per mandate, to the person and to the helper who created it, N days before
the end (setting), journaled, never twice (even with two workers)."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from relais.journal.models import Entry
from relais.mandates import services
from relais.mandates.models import Mandate
from relais.mandates.tasks import mandates_daily
from relais.notifications.models import Notification
from tests.factories import OrganisationFactory
from tests.mandates.factories import helper_of, make_active_mandate

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(allowed_mandate_categories=["social", "logement"])


def _ending_in(mandate, days):
    end = timezone.now() + dt.timedelta(days=days)
    Mandate.objects.filter(pk=mandate.pk).update(expires_at=end, starts_at=end - dt.timedelta(days=31))
    return mandate


def test_reminder_to_person_and_helper_once(org, django_capture_on_commit_callbacks):
    helper = helper_of(org)
    soon = _ending_in(make_active_mandate(organisation=org, helper=helper), 10)
    late = _ending_in(make_active_mandate(organisation=org, helper=helper), 20)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mandates_expiry_reminders() == 1
    assert Notification.objects.filter(key=f"mandate-{soon.pk}-expiry-reminder", user=helper).exists()
    person_note = Notification.objects.get(key=f"mandate-{soon.pk}-expiry-reminder-person")
    assert person_note.person_id == soon.person_id and "se termine le" in person_note.subject
    assert not Notification.objects.filter(key__startswith=f"mandate-{late.pk}-expiry").exists()
    assert Entry.objects.filter(action="mandate.expiry_reminded", mandate_id=soon.pk).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mandates_expiry_reminders() == 0
        assert mandates_daily.call()["reminded"] == 0
    assert Entry.objects.filter(action="mandate.expiry_reminded").count() == 1


def test_days_come_from_the_setting(org, settings):
    settings.MANDATE_EXPIRY_REMINDER_DAYS = 25
    late = _ending_in(make_active_mandate(organisation=org), 20)
    assert services.mandates_expiry_reminders() == 1
    late.refresh_from_db()
    assert late.expiry_reminded_at is not None


def test_person_reached_through_the_organisation_gets_no_message(org, django_capture_on_commit_callbacks):
    helper = helper_of(org)
    person, _code = services.person_record_create(
        actor=helper,
        organisation=org,
        first_name="Yvette",
        last_name="Roux",
        birth_date=dt.date(1950, 1, 1),
        consent_given=True,
    )
    mandate = _ending_in(make_active_mandate(organisation=org, helper=helper, person=person), 5)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mandates_expiry_reminders() == 1
    assert not Notification.objects.filter(key=f"mandate-{mandate.pk}-expiry-reminder-person").exists()
    assert Notification.objects.filter(key=f"mandate-{mandate.pk}-expiry-reminder").exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_remind_once(org):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent workers need PostgreSQL")
    mandate = _ending_in(make_active_mandate(organisation=org), 3)
    results, barrier = [], threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            results.append(services.mandates_expiry_reminders())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert Entry.objects.filter(action="mandate.expiry_reminded", mandate_id=mandate.pk).count() == 1
    assert Notification.objects.filter(key=f"mandate-{mandate.pk}-expiry-reminder-person").count() == 1
