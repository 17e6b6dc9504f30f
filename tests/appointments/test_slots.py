"""Free slots: recurrence, end date, absences, public holidays, bookings, delays, collective seats."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.appointments.models import Absence, Recurrence
from relais.appointments.slots import free_slots, local_zone
from tests.appointments.factories import ReasonFactory, make_opening, next_weekday

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=local_zone())


@pytest.fixture
def now():
    return at(dt.date(2027, 3, 1), 8)  # a Monday


def test_weekly_slots_are_cut_by_duration_and_stop_at_the_end_date(now):
    reason = ReasonFactory(duration_minutes=30)
    tuesday = next_weekday(now.date(), 1)
    make_opening(reason=reason, first_day=tuesday, until=tuesday + dt.timedelta(days=7))
    found = free_slots(reason=reason, start=now.date(), end=now.date() + dt.timedelta(days=28), now=now)
    days = sorted({timezone.localtime(s.starts_at).date() for s in found})
    assert days == [tuesday, tuesday + dt.timedelta(days=7)]
    assert len(found) == 12  # 9:00-12:00 in 30 minutes, two Tuesdays
    assert all(s.ends_at - s.starts_at == dt.timedelta(minutes=30) for s in found)


def test_biweekly_skips_one_week(now):
    reason = ReasonFactory(duration_minutes=60)
    tuesday = next_weekday(now.date(), 1)
    make_opening(reason=reason, first_day=tuesday, recurrence=Recurrence.BIWEEKLY)
    found = free_slots(reason=reason, start=now.date(), end=now.date() + dt.timedelta(days=30), now=now)
    days = sorted({timezone.localtime(s.starts_at).date() for s in found})
    assert days == [tuesday, tuesday + dt.timedelta(days=14), tuesday + dt.timedelta(days=28)]


def test_public_holiday_and_absence_remove_slots():
    reason = ReasonFactory(duration_minutes=60, max_delay_days=365)
    now = at(dt.date(2027, 5, 1), 8)
    # 8 May 2027 is a Saturday; use Thursday 6 May 2027 (Ascension: a public holiday) and the Thursday after.
    opening = make_opening(reason=reason, first_day=dt.date(2027, 5, 6))
    found = free_slots(reason=reason, start=dt.date(2027, 5, 6), end=dt.date(2027, 5, 13), now=now)
    assert {timezone.localtime(s.starts_at).date() for s in found} == {dt.date(2027, 5, 13)}
    Absence.objects.create(
        agent=opening.agent, starts_at=at(dt.date(2027, 5, 13), 10), ends_at=at(dt.date(2027, 5, 13), 11)
    )
    found = free_slots(reason=reason, start=dt.date(2027, 5, 13), end=dt.date(2027, 5, 13), now=now)
    assert [timezone.localtime(s.starts_at).hour for s in found] == [9, 11]


def test_delays_bound_the_slots(now):
    reason = ReasonFactory(duration_minutes=60, min_delay_minutes=60 * 24 * 2, max_delay_days=10)
    make_opening(reason=reason, first_day=now.date(), recurrence=Recurrence.WEEKLY, start=dt.time(9), end=dt.time(10))
    found = free_slots(reason=reason, start=now.date(), end=now.date() + dt.timedelta(days=30), now=now)
    assert [timezone.localtime(s.starts_at).date() for s in found] == [now.date() + dt.timedelta(days=7)]


def test_collective_session_keeps_seats(now):
    from relais.appointments import services
    from tests.factories import PersonFactory

    reason = ReasonFactory(duration_minutes=60, is_collective=True, capacity=2)
    tuesday = next_weekday(now.date(), 1)
    opening = make_opening(reason=reason, first_day=tuesday, start=dt.time(9), end=dt.time(10))
    start = at(tuesday, 9)
    for _ in range(2):
        services.appointment_book(
            actor=None, person=PersonFactory(), reason=reason, agent_id=opening.agent_id, starts_at=start, now=now
        )
    assert free_slots(reason=reason, start=tuesday, end=tuesday, now=now) == []
    with pytest.raises(services.SlotTaken):
        services.appointment_book(
            actor=None, person=PersonFactory(), reason=reason, agent_id=opening.agent_id, starts_at=start, now=now
        )


def test_free_slots_match_a_slot_by_slot_check(now):
    """The fast gap walk gives exactly the slots a naive check of every grid point gives."""
    import random

    from relais.appointments.models import Appointment
    from tests.factories import PersonFactory

    rng = random.Random(16)
    reason = ReasonFactory(duration_minutes=20, min_delay_minutes=0, max_delay_days=20)
    other = ReasonFactory(organisation=reason.organisation, duration_minutes=45)
    tuesday = next_weekday(now.date(), 1)
    opening = make_opening(reason=reason, first_day=tuesday, start=dt.time(8, 30), end=dt.time(17, 10))
    person = PersonFactory()
    busy = []
    for _ in range(25):
        day = tuesday + dt.timedelta(days=7 * rng.randrange(3))
        start = at(day, 8) + dt.timedelta(minutes=5 * rng.randrange(110))
        length = dt.timedelta(minutes=rng.choice([15, 20, 45, 60]))
        if any(s < start + length and e > start for s, e in busy):
            continue
        busy.append((start, start + length))
        Appointment.objects.create(
            reason=other,
            agent=opening.agent,
            place=opening.place,
            person=person,
            starts_at=start,
            ends_at=start + length,
        )
    away = (at(tuesday + dt.timedelta(days=7), 13), at(tuesday + dt.timedelta(days=7), 14, 10))
    Absence.objects.create(agent=opening.agent, starts_at=away[0], ends_at=away[1])
    busy.append(away)
    expected = []
    for week in range(3):
        day = tuesday + dt.timedelta(days=7 * week)
        cursor, close = at(day, 8, 30), at(day, 17, 10)
        while cursor + dt.timedelta(minutes=20) <= close:
            stop = cursor + dt.timedelta(minutes=20)
            if (
                cursor >= now
                and cursor <= now + dt.timedelta(days=20)
                and not any(s < stop and e > cursor for s, e in busy)
            ):
                expected.append(cursor)
            cursor = stop
    found = free_slots(reason=reason, start=now.date(), end=now.date() + dt.timedelta(days=21), now=now)
    assert [s.starts_at for s in found] == expected
