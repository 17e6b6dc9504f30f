"""Appointments with a human (« rendez-vous »): reasons, opening slots, absences, appointments.

Free slots are computed from the opening slots (`relais.appointments.slots`), never stored. Two people
never get the same seat of a slot: `Appointment` is unique on (agent, start, seat) among the appointments
still planned (a partial unique constraint), and a collective session has `capacity` seats."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Location(models.TextChoices):
    DESK = "desk", _("Sur place, à l'accueil")
    PHONE = "phone", _("Par téléphone")
    HOME = "home", _("À domicile")
    VIDEO = "video", _("Par appel vidéo")


class BookableBy(models.TextChoices):
    AGENTS = "agents", _("Les agents de la structure seulement")
    PROFESSIONALS = "professionals", _("Aussi les professionnels d'autres structures")
    EVERYONE = "everyone", _("Aussi la personne elle-même")


class Reason(models.Model):
    """Motif : why a person comes, how long it lasts, where, and who may book it."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="appointment_reasons"
    )
    name = models.CharField(_("nom du motif"), max_length=150)
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=30)
    location = models.CharField(_("lieu du rendez-vous"), max_length=8, choices=Location.choices, default=Location.DESK)
    bookable_by = models.CharField(
        _("qui peut prendre rendez-vous"), max_length=16, choices=BookableBy.choices, default=BookableBy.EVERYONE
    )
    min_delay_minutes = models.PositiveIntegerField(_("délai minimum avant le rendez-vous (minutes)"), default=30)
    max_delay_days = models.PositiveIntegerField(_("délai maximum (jours)"), default=90)
    instructions_before = models.TextField(_("à lire avant de prendre rendez-vous"), blank=True)
    instructions_after = models.TextField(_("à lire après la prise de rendez-vous"), blank=True)
    hidden_in_messages = models.BooleanField(
        _("motif caché dans les messages"),
        default=False,
        help_text=_("Sujet sensible : les messages disent seulement « rendez-vous »."),
    )
    is_collective = models.BooleanField(_("séance collective"), default=False)
    capacity = models.PositiveSmallIntegerField(_("nombre de places"), default=1)
    procedure = models.ForeignKey(
        "procedures.Procedure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointment_reasons",
        verbose_name=_("démarche liée"),
    )
    is_active = models.BooleanField(_("proposé"), default=True)

    class Meta:
        verbose_name = _("motif de rendez-vous")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="appointment_reason_capacity_positive"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=5), name="appointment_reason_duration_min"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def seats(self) -> int:
        return self.capacity if self.is_collective else 1

    @property
    def duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.duration_minutes)


class Recurrence(models.TextChoices):
    NONE = "none", _("Une seule fois")
    WEEKLY = "weekly", _("Chaque semaine")
    BIWEEKLY = "biweekly", _("Une semaine sur deux")


class OpeningSlot(models.Model):
    """Plage d'ouverture : an agent receives, at a place, for some reasons, on a day and its repetitions."""

    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opening_slots")
    place = models.ForeignKey("directory.Place", on_delete=models.CASCADE, related_name="opening_slots")
    reasons = models.ManyToManyField(Reason, related_name="opening_slots", verbose_name=_("motifs"))
    first_day = models.DateField(_("premier jour"))
    start_time = models.TimeField(_("de"))
    end_time = models.TimeField(_("à"))
    recurrence = models.CharField(_("répétition"), max_length=8, choices=Recurrence.choices, default=Recurrence.NONE)
    until = models.DateField(_("jusqu'au"), null=True, blank=True)
    removed_at = models.DateTimeField(_("supprimée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("plage d'ouverture")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="opening_slot_end_after_start"
            )
        ]
        indexes = [models.Index(fields=["agent", "first_day"])]

    def __str__(self) -> str:
        return f"{self.agent} — {self.place} ({self.first_day})"


class Absence(models.Model):
    """An agent is away: no free slot in this period."""

    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences")
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    note = models.CharField(_("raison"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("absence")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="absence_end_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.agent} — {self.starts_at:%Y-%m-%d %H:%M}"


class AppointmentState(models.TextChoices):
    UNKNOWN = "unknown", _("Prévu")
    SEEN = "seen", _("Venu")
    EXCUSED = "excused", _("Annulé par la personne")
    REVOKED = "revoked", _("Annulé par le service")
    NOSHOW = "noshow", _("Absence non excusée")


#: states in which the appointment holds its seat
HOLDING = (AppointmentState.UNKNOWN, AppointmentState.SEEN, AppointmentState.NOSHOW)


class AppointmentQuerySet(models.QuerySet):
    def holding(self):
        return self.filter(state__in=HOLDING)

    def upcoming(self, now):
        return self.filter(state=AppointmentState.UNKNOWN, starts_at__gt=now)


class Appointment(models.Model):
    """Rendez-vous : one person (or one seat of a collective session) with an agent at a time."""

    reason = models.ForeignKey(Reason, on_delete=models.PROTECT, related_name="appointments")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments_held")
    place = models.ForeignKey("directory.Place", on_delete=models.PROTECT, related_name="appointments")
    opening_slot = models.ForeignKey(
        OpeningSlot, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="appointments")
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    seat = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(
        _("état"), max_length=8, choices=AppointmentState.choices, default=AppointmentState.UNKNOWN
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments_booked"
    )
    booked_by_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: the earliest free slot when it was booked (for the « delay to the first free slot » statistic)
    first_free_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "starts_at", "seat"],
                condition=Q(state__in=["unknown", "seen", "noshow"]),
                name="appointment_one_person_per_seat",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="appointment_end_after_start"),
        ]
        indexes = [models.Index(fields=["agent", "starts_at"]), models.Index(fields=["person", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.reason} — {self.starts_at:%Y-%m-%d %H:%M}"


class Change(models.Model):
    """The full history of an appointment: booked, moved, every change of state."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_state = models.CharField(max_length=8, blank=True)
    to_state = models.CharField(max_length=8)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class WaitingEntry(models.Model):
    """Liste d'attente : the person would take an earlier slot if one is freed (at most 3 offers)."""

    appointment = models.OneToOneField(Appointment, on_delete=models.CASCADE, related_name="waiting")
    offers_sent = models.PositiveSmallIntegerField(default=0)
    last_offer_at = models.DateTimeField(null=True, blank=True)
    last_offer_start = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"liste d'attente {self.appointment_id}"
