"""Booking: the bad inputs of the issue, each with its plain-French message and nothing saved; the database
constraint; messages with the signed link; cancellation until 4 hours before; a slot removed after booking."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from relais.appointments import links, services
from relais.appointments.models import Absence, Appointment, AppointmentState
from relais.appointments.slots import local_zone
from relais.notifications.models import Notification
from tests.appointments.factories import ReasonFactory, make_opening, next_weekday
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=local_zone())


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    now = at(dt.date(2027, 3, 1), 8)
    reason = ReasonFactory(duration_minutes=30, max_delay_days=30)
    tuesday = next_weekday(now.date(), 1)
    opening = make_opening(reason=reason, first_day=tuesday)
    person = PersonFactory(phone="0612345678", preferred_channel="sms")
    return {
        "now": now,
        "reason": reason,
        "day": tuesday,
        "opening": opening,
        "person": person,
        "sent": lambda: django_capture_on_commit_callbacks(execute=True),
    }


def book(world, start, person=None, **kw):
    with world["sent"]():
        return services.appointment_book(
            actor=None,
            person=person or world["person"],
            reason=world["reason"],
            agent_id=world["opening"].agent_id,
            starts_at=start,
            now=world["now"],
            **kw,
        )


def test_booking_sends_a_confirmation_with_a_working_signed_link(world):
    appointment = book(world, at(world["day"], 9, 30))
    assert appointment.state == AppointmentState.UNKNOWN
    note = Notification.objects.get(key=f"appointment-{appointment.pk}-confirmed")
    token = links.token_for(appointment)
    assert token in note.sms_body and world["reason"].name in note.body
    assert links.appointment_from_token(token, now=world["now"]) == appointment


def test_hidden_reason_is_never_named_in_messages(world):
    world["reason"].hidden_in_messages = True
    world["reason"].save()
    appointment = book(world, at(world["day"], 10))
    note = Notification.objects.get(key=f"appointment-{appointment.pk}-confirmed")
    assert world["reason"].name not in note.body + note.sms_body + note.subject
    assert "rendez-vous" in note.sms_body


@pytest.mark.parametrize(
    "start, message",
    [
        (lambda w: at(w["now"].date() - dt.timedelta(days=1), 9), "déjà passé"),
        (lambda w: at(w["day"], 14), "pas dans les horaires"),
        (lambda w: at(w["day"], 9, 10), "pas dans les horaires"),
        (lambda w: at(w["day"] + dt.timedelta(days=35), 9), "plus de 30 jours"),
    ],
)
def test_bad_slots_are_refused_in_plain_french(world, start, message):
    with pytest.raises(services.BookingError) as error:
        book(world, start(world))
    assert message in error.value.message
    assert not Appointment.objects.exists()


def test_during_an_absence(world):
    Absence.objects.create(
        agent=world["opening"].agent, starts_at=at(world["day"], 9), ends_at=at(world["day"], 10), note="formation"
    )
    with pytest.raises(services.BookingError) as error:
        book(world, at(world["day"], 9, 30))
    assert "absente" in error.value.message


def test_twice_and_taken(world):
    book(world, at(world["day"], 9))
    with pytest.raises(services.BookingError) as twice:
        book(world, at(world["day"], 10))
    assert "déjà prévu" in twice.value.message
    with pytest.raises(services.SlotTaken):
        book(world, at(world["day"], 9), person=PersonFactory())
    assert Appointment.objects.count() == 1


def test_the_database_refuses_a_second_person_on_the_same_seat(world):
    first = book(world, at(world["day"], 9))
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            reason=first.reason,
            agent_id=first.agent_id,
            place_id=first.place_id,
            person=PersonFactory(),
            starts_at=first.starts_at,
            ends_at=first.ends_at,
        )


def test_a_cancelled_seat_is_free_again(world):
    first = book(world, at(world["day"], 9))
    services.appointment_cancel(appointment=first, now=world["now"])
    second = book(world, at(world["day"], 9), person=PersonFactory())
    assert second.seat == 0


def test_cancellation_until_four_hours_before(world):
    appointment = book(world, at(world["day"], 9))
    with pytest.raises(services.BookingError) as late:
        services.appointment_cancel(appointment=appointment, now=at(world["day"], 5, 30))
    assert "4 heures" in late.value.message
    with world["sent"]():
        services.appointment_cancel(appointment=appointment, now=at(world["day"], 4, 59))
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.EXCUSED
    assert Notification.objects.filter(key=f"appointment-{appointment.pk}-cancelled").exists()


def test_tampered_link_is_refused(world):
    appointment = book(world, at(world["day"], 9))
    token = links.token_for(appointment)
    with pytest.raises(links.BadLink):
        links.appointment_from_token(token[:-2] + ("A" if token[-1] != "A" else "B") + token[-1])
    with pytest.raises(links.BadLink) as expired:
        links.appointment_from_token(token, now=appointment.ends_at + dt.timedelta(days=31))
    assert "expiré" in expired.value.message


def test_rebooking_moves_the_appointment(world):
    first = book(world, at(world["day"], 9))
    second = book(world, at(world["day"], 11), replacing=first)
    first.refresh_from_db()
    assert first.state == AppointmentState.EXCUSED and second.state == AppointmentState.UNKNOWN
    assert Notification.objects.filter(key=f"appointment-{second.pk}-changed").exists()


def test_removed_opening_slot_tells_the_person_and_offers_others(world):
    other = make_opening(reason=world["reason"], first_day=world["day"], start=dt.time(14), end=dt.time(16))
    appointment = book(world, at(world["day"], 9))
    with world["sent"]():
        assert services.opening_slot_remove(opening=world["opening"], actor=None, now=world["now"]) == 1
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.REVOKED
    note = Notification.objects.get(key=f"appointment-{appointment.pk}-revoked")
    assert "autre créneau" in note.body
    from relais.appointments.slots import free_slots

    remaining = free_slots(reason=world["reason"], start=world["day"], end=world["day"], now=world["now"])
    assert remaining and {s.opening_slot_id for s in remaining} == {other.pk}


def test_missing_documents_of_the_linked_procedure(world):
    from relais.documents.models import DocType, Document
    from relais.procedures.models import Procedure

    procedure = Procedure.objects.create(
        organisation=world["reason"].organisation,
        slug="aide-logement-rdv",
        title="Aide au logement",
        description="Test",
        category="logement",
        documents_needed="Pièce d'identité\nJustificatif de domicile",
    )
    world["reason"].procedure = procedure
    world["reason"].save()
    Document.objects.create(
        person=world["person"], doc_type=DocType.IDENTITY, title="Carte d'identité", content_type="image/jpeg", size=1
    )
    assert services.missing_documents(reason=world["reason"], person=world["person"]) == ["Justificatif de domicile"]
    appointment = book(world, at(world["day"], 9))
    assert "Justificatif de domicile" in Notification.objects.get(key=f"appointment-{appointment.pk}-confirmed").body
