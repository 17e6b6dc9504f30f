"""Factories of appointments: a reason, an agent with weekly opening slots at a place."""

from __future__ import annotations

import datetime as dt

import factory

from relais.appointments.models import Location, OpeningSlot, Reason, Recurrence
from relais.organisations.models import MemberRole
from tests.directory.factories import PlaceFactory
from tests.factories import MembershipFactory, OrganisationFactory


class ReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reason

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Aide aux démarches {n}")
    duration_minutes = 30
    location = Location.PHONE
    min_delay_minutes = 30
    max_delay_days = 90


def next_weekday(start: dt.date, weekday: int = 1) -> dt.date:
    """The first `weekday` (0 = Monday) strictly after `start`, avoiding French public holidays."""
    from relais.directory.hours import is_public_holiday

    day = start + dt.timedelta(days=1)
    while day.weekday() != weekday or is_public_holiday(day):
        day += dt.timedelta(days=1)
    return day


def make_opening(
    *,
    reason: Reason,
    agent=None,
    place=None,
    first_day: dt.date,
    start=dt.time(9, 0),
    end=dt.time(12, 0),
    recurrence=Recurrence.WEEKLY,
    until: dt.date | None = None,
) -> OpeningSlot:
    if agent is None:
        agent = MembershipFactory(role=MemberRole.AGENT, organisation=reason.organisation).user
    if place is None:
        place = PlaceFactory(organisation=reason.organisation)
    opening = OpeningSlot.objects.create(
        agent=agent,
        place=place,
        first_day=first_day,
        start_time=start,
        end_time=end,
        recurrence=recurrence,
        until=until,
    )
    opening.reasons.add(reason)
    return opening
