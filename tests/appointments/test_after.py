"""After booking: the 48-hour reminder sent by the worker's hourly jobs (frozen clock), the agent's marks
(state machine), statistics, the waiting list (at most 3 offers, none in the last week), retention."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from relais.appointments import links, selectors, services
from relais.appointments.models import Appointment, AppointmentState, WaitingEntry
from relais.appointments.retention import appointments_purge
from relais.appointments.slots import local_zone
from relais.appointments.states import TransitionError
from relais.core.retention import run_purges
from relais.notifications import backends
from relais.notifications.models import Notification
from tests.appointments.factories import ReasonFactory, make_opening, next_weekday
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=local_zone())


@pytest.fixture
def clock(monkeypatch):
    """A frozen clock: `clock.set(datetime)`; everything reading django.utils.timezone.now sees it."""

    class Clock:
        now = None

        def set(self, value):
            self.now = value
            monkeypatch.setattr(timezone, "now", lambda: value)

    return Clock()


@pytest.fixture
def world(clock, django_capture_on_commit_callbacks):
    clock.set(at(dt.date(2027, 3, 1), 8))
    reason = ReasonFactory(duration_minutes=30, max_delay_days=60)
    tuesday = next_weekday(dt.date(2027, 3, 1), 1) + dt.timedelta(days=7)
    opening = make_opening(reason=reason, first_day=tuesday - dt.timedelta(days=7))
    person = PersonFactory(phone="0612345678", preferred_channel="sms")
    return {
        "reason": reason,
        "day": tuesday,
        "opening": opening,
        "person": person,
        "sent": django_capture_on_commit_callbacks,
    }


def book(world, start, person=None):
    with world["sent"](execute=True):
        return services.appointment_book(
            actor=None,
            person=person or world["person"],
            reason=world["reason"],
            agent_id=world["opening"].agent_id,
            starts_at=start,
        )


def test_the_reminder_is_sent_48_hours_before_by_the_worker_once(world, clock):
    appointment = book(world, at(world["day"], 9))
    backends.outbox.clear()
    clock.set(appointment.starts_at - dt.timedelta(hours=48, minutes=1))
    with world["sent"](execute=True):
        call_command("daily_jobs", "--only", "appointments", stdout=StringIO())
    assert not Notification.objects.filter(key=f"appointment-{appointment.pk}-reminder").exists()
    clock.set(appointment.starts_at - dt.timedelta(hours=47, minutes=59))
    out = StringIO()
    with world["sent"](execute=True):
        call_command("daily_jobs", "--only", "appointments", stdout=out)
    assert "'reminded': 1" in out.getvalue()
    sms = [m for m in backends.outbox if "Rappel" in m.text]
    assert len(sms) == 1 and links.token_for(appointment) in sms[0].text
    with world["sent"](execute=True):
        call_command("daily_jobs", "--only", "appointments", stdout=StringIO())
    assert len([m for m in backends.outbox if "Rappel" in m.text]) == 1


def test_marks_follow_the_state_machine_and_change_the_statistics(world, clock):
    appointment = book(world, at(world["day"], 9))
    with pytest.raises(services.BookingError):  # not happened yet
        services.appointment_mark(appointment=appointment, actor=None, to=AppointmentState.NOSHOW)
    before = selectors.stats(organisation=world["reason"].organisation)
    assert before[0].bookings == 1 and before[0].noshow_rate is None
    clock.set(at(world["day"], 10))
    services.appointment_mark(appointment=appointment, actor=None, to=AppointmentState.NOSHOW)
    after = selectors.stats(organisation=world["reason"].organisation)
    assert after[0].noshow == 1 and after[0].noshow_rate == 1.0
    with pytest.raises(TransitionError):
        services.appointment_mark(appointment=appointment, actor=None, to=AppointmentState.REVOKED)
    assert [c.to_state for c in appointment.changes.all()] == ["unknown", "noshow"]


def test_median_delay_to_the_first_free_slot(world, clock):
    book(world, at(world["day"], 9))  # the first free slot was the week before, at 9:00
    first_free = at(world["day"] - dt.timedelta(days=7), 9)
    row = selectors.stats(organisation=world["reason"].organisation)[0]
    expected = round((first_free - clock.now).total_seconds() / 86400, 1)
    assert row.median_delay_days == expected


def test_waiting_list_offers_at_most_three_earlier_slots_and_none_in_the_last_week(world, clock):
    late_day = world["day"] + dt.timedelta(days=21)
    appointment = book(world, at(late_day, 9))
    services.waiting_join(appointment=appointment)
    # every earlier slot is free: one offer per run, each for a new slot
    sent = 0
    for _step in range(5):
        taker = PersonFactory()
        first = services.slots.first_free(reason=world["reason"])
        with world["sent"](execute=True):
            sent += services.waiting_offers()
        book(world, first.starts_at, person=taker)  # someone takes it: the next run offers another one
    assert sent == 3
    assert WaitingEntry.objects.get(appointment=appointment).offers_sent == 3
    assert Notification.objects.filter(key__startswith=f"appointment-{appointment.pk}-offer-").count() == 3


def test_no_offer_in_the_week_before(world, clock):
    appointment = book(world, at(world["day"], 9))
    services.waiting_join(appointment=appointment)
    clock.set(appointment.starts_at - dt.timedelta(days=6))
    assert services.waiting_offers() == 0


def test_appointments_and_messages_are_erased_two_years_after(world, clock):
    appointment = book(world, at(world["day"], 9))
    assert Notification.objects.filter(key__startswith=f"appointment-{appointment.pk}-").exists()
    clock.set(appointment.ends_at + dt.timedelta(days=729))
    assert appointments_purge() == 0
    clock.set(appointment.ends_at + dt.timedelta(days=731))
    assert any("rendez-vous effacés (plus de 2 ans) : 1" in p for p in run_purges())
    assert not Appointment.objects.exists()
    assert not Notification.objects.filter(key__startswith=f"appointment-{appointment.pk}-").exists()


def test_ics_file(world):
    from relais.appointments.messages import ics

    appointment = book(world, at(world["day"], 9))
    text = ics(appointment)
    assert "BEGIN:VEVENT" in text and "DTSTART:" in text and links.token_for(appointment) in text
