"""Reads of appointments: reasons bookable at a place, an agent's day, statistics."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q

from relais.appointments.models import Appointment, AppointmentState, BookableBy, OpeningSlot, Reason
from relais.appointments.slots import local_zone
from relais.directory.models import Place

S = AppointmentState


def reasons_at_place(*, place, for_person: bool = True):
    """Active reasons with an opening slot at `place` (open to everyone when the person books)."""
    ids = OpeningSlot.objects.filter(place=place, removed_at__isnull=True).values("reasons")
    qs = Reason.objects.filter(is_active=True, pk__in=ids).select_related("organisation", "procedure")
    if for_person:
        qs = qs.filter(bookable_by=BookableBy.EVERYONE)
    return qs.order_by("name")


def reasons_for_procedure(*, procedure):
    return Reason.objects.filter(is_active=True, procedure=procedure, bookable_by=BookableBy.EVERYONE).order_by("name")


def reasons_for_professional(*, organisation):
    """Reasons a professional of `organisation` may book: their own, and others' open to professionals."""
    return (
        Reason.objects.filter(is_active=True)
        .filter(Q(organisation=organisation) | Q(bookable_by__in=[BookableBy.PROFESSIONALS, BookableBy.EVERYONE]))
        .filter(opening_slots__removed_at__isnull=True)
        .distinct()
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def places_of_reason(*, reason):
    from_slots = OpeningSlot.objects.filter(reasons=reason, removed_at__isnull=True).values("place")
    return Place.objects.filter(pk__in=from_slots).order_by("name")


def agent_day(*, agent, day: dt.date):
    zone = local_zone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return (
        Appointment.objects.filter(agent=agent, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1))
        .select_related("reason", "place", "person")
        .order_by("starts_at", "seat")
    )


def organisation_day(*, organisation, day: dt.date):
    """Every appointment of the organisation's reasons that day, all agents (the manager's desk view)."""
    zone = local_zone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return (
        Appointment.objects.filter(
            reason__organisation=organisation, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1)
        )
        .select_related("reason", "place", "person", "agent")
        .order_by("starts_at", "agent_id", "seat")
    )


@dataclass(frozen=True)
class StatRow:
    reason: str
    place: str
    bookings: int
    seen: int
    noshow: int
    noshow_rate: float | None  # share of no-shows among the appointments that happened or not
    median_delay_days: float | None  # median delay between booking and the first free slot offered


def stats(*, organisation) -> list[StatRow]:
    """Per reason and place: bookings, no-show rate, median delay to the first free slot. One query for the
    counts, one for the delays."""
    counts = (
        Appointment.objects.filter(reason__organisation=organisation)
        .values("reason_id", "reason__name", "place_id", "place__name")
        .annotate(
            bookings=Count("id"),
            seen=Count("id", filter=Q(state=S.SEEN)),
            noshow=Count("id", filter=Q(state=S.NOSHOW)),
        )
        .order_by("reason__name", "place__name")
    )
    delays: dict[tuple[int, int], list[float]] = {}
    for reason_id, place_id, created, first in Appointment.objects.filter(
        reason__organisation=organisation, first_free_at__isnull=False
    ).values_list("reason_id", "place_id", "created_at", "first_free_at"):
        delays.setdefault((reason_id, place_id), []).append(max(0.0, (first - created).total_seconds() / 86400))
    rows = []
    for row in counts:
        happened = row["seen"] + row["noshow"]
        found = delays.get((row["reason_id"], row["place_id"]))
        rows.append(
            StatRow(
                reason=row["reason__name"],
                place=row["place__name"],
                bookings=row["bookings"],
                seen=row["seen"],
                noshow=row["noshow"],
                noshow_rate=row["noshow"] / happened if happened else None,
                median_delay_days=round(statistics.median(found), 1) if found else None,
            )
        )
    return rows
