"""Writes of appointments: book, change, cancel, mark, remove an opening slot, remind, offer earlier slots.

Every write is atomic, with keyword-only arguments; errors a person may read are `DomainError`s in
plain French, raised before anything is saved."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relais.appointments import messages, slots
from relais.appointments.models import (
    Absence,
    Appointment,
    AppointmentState,
    Change,
    OpeningSlot,
    Reason,
    WaitingEntry,
)
from relais.appointments.states import appointment_transition
from relais.core.errors import DomainError
from relais.directory.hours import is_public_holiday
from relais.documents.models import DocType
from relais.documents.selectors import documents_of
from relais.journal.services import journal_record

S = AppointmentState
CANCEL_UNTIL = dt.timedelta(hours=4)
REMIND_BEFORE = dt.timedelta(hours=48)
OFFERS_MAX = 3
NO_OFFER_WITHIN = dt.timedelta(days=7)


class BookingError(DomainError):
    """The slot asked for cannot be booked (past, outside the opening slots, taken...)."""


class SlotTaken(BookingError):
    status = 409
    default_message = "Ce créneau vient d'être pris par quelqu'un d'autre. Choisissez-en un autre."


def missing_documents(*, reason: Reason, person) -> list[str]:
    """Documents the linked procedure asks for that are not in the person's safe (by type or title)."""
    procedure = reason.procedure
    if procedure is None or not procedure.documents_needed.strip():
        return []
    have = [
        (str(DocType(doc_type).label).lower(), title.lower())
        for doc_type, title in documents_of(person).values_list("doc_type", "title")
    ]
    missing = []
    for line in procedure.documents_needed.splitlines():
        needed = line.strip(" -•\t")
        if not needed:
            continue
        low = needed.lower()
        if not any(label in low or low in label or (title and (title in low or low in title)) for label, title in have):
            missing.append(needed)
    return missing


def _free_slot(*, reason: Reason, agent_id: int, start: dt.datetime, now: dt.datetime) -> slots.Slot:
    """The free slot starting at `start`, or a BookingError saying in plain French why it is not free."""
    local = timezone.localtime(start)
    if start <= now:
        raise BookingError(_("Ce créneau est déjà passé. Choisissez un créneau à venir."))
    earliest, latest = slots.bookable_window(reason, now)
    if start < earliest:
        raise BookingError(
            ngettext(
                "Ce créneau est trop proche : il faut réserver au moins %(n)s minute avant.",
                "Ce créneau est trop proche : il faut réserver au moins %(n)s minutes avant.",
                reason.min_delay_minutes,
            )
            % {"n": reason.min_delay_minutes}
        )
    if start > latest:
        raise BookingError(
            ngettext(
                "On ne peut pas réserver plus de %(n)s jour à l'avance pour ce motif.",
                "On ne peut pas réserver plus de %(n)s jours à l'avance pour ce motif.",
                reason.max_delay_days,
            )
            % {"n": reason.max_delay_days}
        )
    if is_public_holiday(local.date()):
        raise BookingError(_("Ce jour est férié : personne ne reçoit ce jour-là."))
    if Absence.objects.filter(agent_id=agent_id, starts_at__lt=start + reason.duration, ends_at__gt=start).exists():
        raise BookingError(_("La personne qui reçoit est absente à cette heure-là. Choisissez un autre créneau."))
    within = slots.free_slots(
        reason=reason, start=local.date(), end=local.date(), agent_id=agent_id, now=now, ignore_window=True
    )
    for slot in within:
        if slot.starts_at == start:
            return slot
    taken = Appointment.objects.holding().filter(
        agent_id=agent_id, starts_at__lt=start + reason.duration, ends_at__gt=start
    )
    if taken.exists():
        raise SlotTaken()
    raise BookingError(_("Ce créneau n'est pas dans les horaires de rendez-vous. Choisissez un créneau de la liste."))


def _check_not_twice(*, reason: Reason, person, now: dt.datetime, replacing: Appointment | None) -> None:
    already = Appointment.objects.upcoming(now).filter(person=person, reason=reason)
    if replacing is not None:
        already = already.exclude(pk=replacing.pk)
    first = already.order_by("starts_at").first()
    if first is not None:
        raise BookingError(
            _("Un rendez-vous pour ce motif est déjà prévu %(when)s. Changez-le plutôt que d'en prendre un second.")
            % {"when": messages.when(first)}
        )


def _create(*, reason, person, agent_id, start, slot, actor, organisation, first_free_at) -> Appointment:
    for seat in range(reason.seats):
        try:
            with transaction.atomic():
                return Appointment.objects.create(
                    reason=reason,
                    agent_id=agent_id,
                    place_id=slot.place_id,
                    opening_slot_id=slot.opening_slot_id,
                    person=person,
                    starts_at=start,
                    ends_at=start + reason.duration,
                    seat=seat,
                    booked_by=actor,
                    booked_by_organisation=organisation,
                    first_free_at=first_free_at,
                )
        except IntegrityError:
            continue
    raise SlotTaken()


@transaction.atomic
def appointment_book(
    *,
    actor,
    person,
    reason: Reason,
    agent_id: int,
    starts_at: dt.datetime,
    organisation=None,
    replacing: Appointment | None = None,
    now: dt.datetime | None = None,
) -> Appointment:
    """Book one slot for `person` (by the person, or by a professional of `organisation`).

    The agent's row is locked so bookings of one agent are serialised; the partial unique constraint on
    (agent, start, seat) is the last guard when two requests race anyway."""
    now = now or timezone.now()
    if not reason.is_active:
        raise BookingError(_("Ce motif n'est plus proposé."))
    _check_not_twice(reason=reason, person=person, now=now, replacing=replacing)
    get_user_model().objects.select_for_update().filter(pk=agent_id).first()
    slot = _free_slot(reason=reason, agent_id=agent_id, start=starts_at, now=now)
    first = slots.first_free(reason=reason, place_id=slot.place_id, now=now)
    appointment = _create(
        reason=reason,
        person=person,
        agent_id=agent_id,
        start=starts_at,
        slot=slot,
        actor=actor,
        organisation=organisation,
        first_free_at=min(first.starts_at, starts_at) if first else starts_at,
    )
    Change.objects.create(appointment=appointment, actor=actor, to_state=S.UNKNOWN, note="booked")
    if replacing is not None:
        appointment_transition(replacing, to=S.EXCUSED, actor=actor, note=f"moved to {appointment.pk}")
        Change.objects.create(
            appointment=appointment, actor=actor, to_state=S.UNKNOWN, note=f"moved from {replacing.pk}"
        )
        messages.send("changed", appointment)
    else:
        messages.send("confirmed", appointment, missing=missing_documents(reason=reason, person=person))
    journal_record(
        action="appointment.booked",
        actor=actor,
        organisation=reason.organisation_id,
        person=person.pk,
        obj=appointment,
        details={"by_person": organisation is None, "replacing": replacing.pk if replacing else None},
    )
    return appointment


@transaction.atomic
def reason_create(*, organisation, actor, data: dict) -> Reason:
    reason = Reason.objects.create(organisation=organisation, **data)
    journal_record(action="appointment.reason_created", actor=actor, organisation=organisation, obj=reason)
    return reason


@transaction.atomic
def opening_slot_create(*, agent, data: dict) -> OpeningSlot:
    data = dict(data)
    reasons = data.pop("reasons", [])
    opening = OpeningSlot.objects.create(agent=agent, **data)
    opening.reasons.set(reasons)
    return opening


@transaction.atomic
def absence_create(*, agent, data: dict) -> Absence:
    return Absence.objects.create(agent=agent, **data)


def cancel_deadline(appointment: Appointment) -> dt.datetime:
    return appointment.starts_at - CANCEL_UNTIL


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, actor=None, now: dt.datetime | None = None) -> Appointment:
    """Cancelled by the person (signed link or their space), until 4 hours before."""
    now = now or timezone.now()
    if appointment.state != S.UNKNOWN:
        raise BookingError(_("Ce rendez-vous n'est plus prévu : il ne peut pas être annulé."))
    if now > cancel_deadline(appointment):
        raise BookingError(
            _("Il est trop tard pour annuler en ligne (au plus tard 4 heures avant). Appelez le lieu du rendez-vous.")
        )
    appointment = appointment_transition(appointment, to=S.EXCUSED, actor=actor, note="cancelled by the person")
    messages.send("cancelled", appointment)
    return appointment


@transaction.atomic
def appointment_mark(*, appointment: Appointment, actor, to: str) -> Appointment:
    """The agent marks what happened: seen, excused, no-show, or cancelled by the service."""
    if to not in (S.SEEN, S.EXCUSED, S.NOSHOW, S.REVOKED):
        raise BookingError(_("Cet état n'existe pas."))
    if to in (S.SEEN, S.NOSHOW) and appointment.starts_at > timezone.now():
        raise BookingError(_("Ce rendez-vous n'a pas encore eu lieu : vous pourrez le noter après l'heure prévue."))
    appointment = appointment_transition(appointment, to=to, actor=actor, note="marked by the agent")
    if to == S.REVOKED:
        messages.send("revoked", appointment)
    return appointment


@transaction.atomic
def opening_slot_remove(*, opening: OpeningSlot, actor, now: dt.datetime | None = None) -> int:
    """The agent removes an opening slot: the appointments already booked in it are cancelled by the
    service, and each person is told and offered other slots (the link leads to the free slots)."""
    now = now or timezone.now()
    opening.removed_at = now
    opening.save(update_fields=["removed_at"])
    affected = list(
        Appointment.objects.upcoming(now).filter(opening_slot=opening).select_related("reason", "place", "person")
    )
    for appointment in affected:
        appointment_transition(appointment, to=S.REVOKED, actor=actor, note="opening slot removed")
        messages.send("revoked", appointment)
    journal_record(
        action="appointment.opening_removed",
        actor=actor,
        organisation=affected[0].reason.organisation_id if affected else None,
        obj=opening,
        details={"count": len(affected)},
    )
    return len(affected)


def appointments_remind(*, now: dt.datetime | None = None) -> int:
    """Send the reminder of every planned appointment starting within 48 hours (once: a conditional
    UPDATE claims each one, so two workers never send it twice)."""
    now = now or timezone.now()
    count = 0
    due = Appointment.objects.upcoming(now).filter(starts_at__lte=now + REMIND_BEFORE, reminded_at__isnull=True)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            if not Appointment.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            appointment = Appointment.objects.select_related("reason", "place", "person").get(pk=pk)
            messages.send("reminder", appointment)
            count += 1
    return count


def waiting_join(*, appointment: Appointment) -> WaitingEntry:
    entry, _created = WaitingEntry.objects.get_or_create(appointment=appointment)
    return entry


def waiting_offers(*, now: dt.datetime | None = None) -> int:
    """Offer an earlier freed slot to people on the waiting list: at most 3 offers each, none in the
    7 days before their appointment, never the same slot twice."""
    now = now or timezone.now()
    sent = 0
    entries = WaitingEntry.objects.filter(
        offers_sent__lt=OFFERS_MAX,
        appointment__state=S.UNKNOWN,
        appointment__starts_at__gt=now + NO_OFFER_WITHIN,
    ).select_related("appointment__reason", "appointment__place", "appointment__person")
    for entry in entries:
        appointment = entry.appointment
        first = slots.first_free(reason=appointment.reason, place_id=appointment.place_id, now=now)
        if first is None or first.starts_at >= appointment.starts_at or first.starts_at == entry.last_offer_start:
            continue
        with transaction.atomic():
            claimed = WaitingEntry.objects.filter(pk=entry.pk, offers_sent=entry.offers_sent).update(
                offers_sent=entry.offers_sent + 1, last_offer_at=now, last_offer_start=first.starts_at
            )
            if not claimed:
                continue
            extra = messages.when(
                Appointment(starts_at=first.starts_at, ends_at=first.ends_at, reason=appointment.reason)
            )
            messages.send(
                "offer", appointment, extra=extra, key=f"appointment-{appointment.pk}-offer-{entry.offers_sent + 1}"
            )
            sent += 1
    return sent
