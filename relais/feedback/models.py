"""Reviews (JDMA questions), daily aggregates per target, helper reports, their groups and fix tickets.

A review's target is a procedure (« démarche »), the rights simulator or the directory; `target` is the key
of the daily aggregate (`procedure:<id>`, `simulator`, `directory`). Reviews are anonymous unless the person
ticks the box that links it to their account (`person`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.feedback.jdma import Quality, Reached, Satisfaction


class Kind(models.TextChoices):
    PROCEDURE = "procedure", _("démarche")
    SIMULATOR = "simulator", _("simulateur de droits")
    DIRECTORY = "directory", _("annuaire des lieux d'aide")


class StoryState(models.TextChoices):
    NONE = "none", _("sans texte")
    PENDING = "pending", _("à modérer")
    PUBLISHED = "published", _("publié")
    REJECTED = "rejected", _("refusé")


def target_key(kind: str, procedure_id: int | None) -> str:
    return f"procedure:{procedure_id}" if kind == Kind.PROCEDURE else kind


class Review(models.Model):
    """Avis: one answer to the JDMA questions."""

    kind = models.CharField(_("sur"), max_length=16, choices=Kind.choices)
    target = models.CharField(max_length=40)
    procedure = models.ForeignKey(
        "procedures.Procedure", null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    procedure_version = models.ForeignKey(
        "procedures.ProcedureVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("donné le"))
    day = models.DateField()
    satisfaction = models.CharField(max_length=8, choices=Satisfaction.choices)
    comprehension = models.PositiveSmallIntegerField(null=True, blank=True)
    contact_tried = models.CharField(max_length=80, blank=True)  # JDMA codes, comma-separated
    contact_reached = models.CharField(max_length=4, choices=Reached.choices, blank=True)
    contact_satisfaction = models.CharField(max_length=10, choices=Quality.choices, blank=True)
    verbatim = models.TextField(_("texte libre"), blank=True)
    verbatim_hash = models.CharField(max_length=64, blank=True, db_index=True)
    story_state = models.CharField(max_length=10, choices=StoryState.choices, default=StoryState.NONE)
    moderated_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("réponse des auteurs"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    group = models.ForeignKey("Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews")
    person = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback_reviews"
    )
    client_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        indexes = [
            models.Index(fields=["client_hash", "created_at"], name="review_client_idx"),
            models.Index(fields=["story_state", "created_at"], name="review_story_idx"),
            # covers the grouped query of `aggregates_rebuild` (no table lookup on SQLite: ADR 0018)
            models.Index(
                fields=[
                    "target",
                    "day",
                    "kind",
                    "procedure",
                    "satisfaction",
                    "comprehension",
                    "contact_tried",
                    "contact_reached",
                    "contact_satisfaction",
                ],
                name="review_aggregate_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.day} {self.satisfaction}"


class DailyAggregate(models.Model):
    """Counts per answer code for one target and one day: the indicators add these rows up."""

    target = models.CharField(max_length=40)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    procedure = models.ForeignKey("procedures.Procedure", null=True, blank=True, on_delete=models.CASCADE)
    day = models.DateField()
    reviews = models.PositiveIntegerField(default=0)
    sat_good = models.PositiveIntegerField(default=0)
    sat_medium = models.PositiveIntegerField(default=0)
    sat_bad = models.PositiveIntegerField(default=0)
    clar_1 = models.PositiveIntegerField(default=0)
    clar_2 = models.PositiveIntegerField(default=0)
    clar_3 = models.PositiveIntegerField(default=0)
    clar_4 = models.PositiveIntegerField(default=0)
    clar_5 = models.PositiveIntegerField(default=0)
    tried_answered = models.PositiveIntegerField(default=0)
    tried_none = models.PositiveIntegerField(default=0)
    reached_yes = models.PositiveIntegerField(default=0)
    reached_no = models.PositiveIntegerField(default=0)
    quality_very_good = models.PositiveIntegerField(default=0)
    quality_good = models.PositiveIntegerField(default=0)
    quality_bad = models.PositiveIntegerField(default=0)
    quality_very_bad = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["target", "day"], name="feedback_aggregate_unique_day")]

    def __str__(self) -> str:
        return f"{self.target} {self.day}: {self.reviews}"


COUNTERS = [f.name for f in DailyAggregate._meta.local_fields if isinstance(f, models.PositiveIntegerField)]


class Group(models.Model):
    """Reports and verbatims about one procedure and one field (field_key "" = the procedure as a whole)."""

    procedure = models.ForeignKey("procedures.Procedure", on_delete=models.CASCADE, related_name="feedback_groups")
    field_key = models.CharField(max_length=120, blank=True)
    label = models.CharField(_("sujet"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("groupe de retours")
        constraints = [models.UniqueConstraint(fields=["procedure", "field_key"], name="feedback_group_unique_field")]

    def __str__(self) -> str:
        return self.label


class Report(models.Model):
    """Signalement d'un aidant (« usager expert »): a problem seen on a procedure, without personal data."""

    procedure = models.ForeignKey("procedures.Procedure", on_delete=models.CASCADE, related_name="feedback_reports")
    field_key = models.CharField(_("question"), max_length=120, blank=True)
    page = models.CharField(_("page ou étape"), max_length=200, blank=True)
    what_happened = models.TextField(_("ce qui s'est passé"))
    people_count = models.PositiveIntegerField(_("personnes vues bloquées"), default=1)
    attachment = models.FileField(upload_to="feedback/%Y/%m/", blank=True)
    attachment_type = models.CharField(max_length=40, blank=True)
    group = models.ForeignKey(Group, null=True, on_delete=models.SET_NULL, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="feedback_reports"
    )
    organisation = models.ForeignKey("organisations.Organisation", null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signalement")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.procedure_id}/{self.field_key or '-'}: {self.people_count}"


class TicketState(models.TextChoices):
    OPEN = "open", _("ouvert")
    ACKNOWLEDGED = "acknowledged", _("pris en compte")
    PLANNED = "planned", _("correction prévue")
    SHIPPED = "shipped", _("corrigé dans une nouvelle version")
    VERIFIED = "verified", _("correction vérifiée")


class Ticket(models.Model):
    """Ticket de correction, opened by the procedure's authors from a group."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="ticket")
    state = models.CharField(max_length=16, choices=TicketState.choices, default=TicketState.OPEN)
    public_answer = models.TextField(_("réponse publique"), blank=True)
    shipped_version = models.ForeignKey(
        "procedures.ProcedureVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shipped_at = models.DateTimeField(null=True, blank=True)
    first_report_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ticket de correction")

    def __str__(self) -> str:
        return f"{self.group_id}: {self.state}"


class TicketChange(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="changes")
    from_state = models.CharField(max_length=16, choices=TicketState.choices)
    to_state = models.CharField(max_length=16, choices=TicketState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.from_state} → {self.to_state}"
