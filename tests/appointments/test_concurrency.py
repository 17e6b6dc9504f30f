"""Two people never get the same slot: 50 threads book the same slot at once on PostgreSQL; exactly one wins."""

import datetime as dt
import os
import threading

import pytest
from django.db import connection

from relais.appointments import services
from relais.appointments.models import Appointment
from relais.appointments.slots import local_zone
from tests.appointments.factories import ReasonFactory, make_opening, next_weekday
from tests.factories import PersonFactory


def book_concurrently(*, reason, agent_id, start, persons, now) -> int:
    """Start one thread per person, all released at once; return the number of successful bookings."""
    barrier = threading.Barrier(len(persons))
    wins, errors = [], []

    def attempt(person):
        try:
            barrier.wait()
            services.appointment_book(
                actor=None, person=person, reason=reason, agent_id=agent_id, starts_at=start, now=now
            )
            wins.append(person.pk)
        except services.BookingError:
            pass
        except Exception as exc:  # anything else is a failure of the test
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in persons]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return len(wins)


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_bookings_of_one_slot_give_one_success():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent bookings need PostgreSQL (SQLite serialises writers); CI runs it there")
    now = dt.datetime.combine(dt.date(2027, 3, 1), dt.time(8), tzinfo=local_zone())
    reason = ReasonFactory()
    day = next_weekday(now.date(), 1)
    opening = make_opening(reason=reason, first_day=day)
    persons = [PersonFactory() for _ in range(int(os.environ.get("CONTENTION", "50")))]
    start = dt.datetime.combine(day, dt.time(9), tzinfo=local_zone())
    assert book_concurrently(reason=reason, agent_id=opening.agent_id, start=start, persons=persons, now=now) == 1
    assert Appointment.objects.holding().filter(agent_id=opening.agent_id, starts_at=start).count() == 1
