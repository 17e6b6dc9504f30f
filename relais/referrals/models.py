"""Referrals (« orientations »): a professional sends a person they follow to a service of the directory.

`ReferralSettings` is one-to-one with a directory `Service` and owned here (ADR 0016): whether the service
takes referrals through Relais, the documents and conditions it asks for, moderation, and how it receives
them (a signed link by email, or the Relais inbox of the organisation running the place). A `Referral`
keeps the service's name and the referring organisation, so the statistics (response rate, median answer
time) survive the anonymisation of the person's data after two years."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    EMAIL = "email", _("Par courriel, avec un lien sécurisé (sans compte Relais)")
    INBOX = "inbox", _("Dans la boîte de réception Relais de la structure")


class ReferralSettings(models.Model):
    service = models.OneToOneField(
        "directory.Service", on_delete=models.CASCADE, related_name="referral_settings", verbose_name=_("service")
    )
    accepts_referrals = models.BooleanField(_("accepte les orientations par Relais"), default=False)
    documents_asked = models.TextField(_("documents demandés"), blank=True)
    conditions = models.TextField(_("conditions pour être orienté"), blank=True)
    requires_moderation = models.BooleanField(
        _("chaque orientation est d'abord validée par la structure"), default=False
    )
    delivery = models.CharField(
        _("réception des orientations"), max_length=8, choices=Delivery.choices, default=Delivery.EMAIL
    )
    contact_email = models.EmailField(_("adresse électronique qui reçoit les orientations"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("réglages d'orientation d'un service")

    def __str__(self) -> str:
        return f"{self.service_id}: {'oui' if self.accepts_referrals else 'non'}"


class ReferralState(models.TextChoices):
    MODERATION = "moderation", _("en attente de validation par la structure du service")
    SENT = "sent", _("envoyée, pas encore ouverte")
    OPENED = "opened", _("ouverte par le service")
    ACCEPTED = "accepted", _("acceptée")
    REFUSED = "refused", _("refusée")
    EXPIRED = "expired", _("sans réponse (expirée)")
    CANCELLED = "cancelled", _("annulée")


OPEN_STATES = (ReferralState.MODERATION, ReferralState.SENT, ReferralState.OPENED)
CLOSED_STATES = (ReferralState.ACCEPTED, ReferralState.REFUSED, ReferralState.EXPIRED, ReferralState.CANCELLED)
ANSWERED_STATES = (ReferralState.ACCEPTED, ReferralState.REFUSED)


class Situation(models.TextChoices):
    NO_INCOME = "no_income", _("Sans ressources")
    NO_HOUSING = "no_housing", _("Sans logement")
    DISABILITY = "disability", _("Handicap")
    LANGUAGE = "language", _("Parle peu ou pas le français")
    DIGITAL = "digital", _("Difficultés avec le numérique")
    ADMINISTRATIVE = "administrative", _("Difficultés avec les démarches administratives")
    HEALTH = "health", _("Problème de santé")
    ISOLATION = "isolation", _("Isolement")
    FAMILY = "family", _("Famille avec enfants")


class ContactPreference(models.TextChoices):
    PHONE = "phone", _("Par téléphone")
    EMAIL = "email", _("Par courriel")
    REFERRER = "referrer", _("En passant par le professionnel qui oriente")


class NextStep(models.TextChoices):
    APPOINTMENT = "appointment", _("Un rendez-vous")
    CALL = "call", _("Le service appelle la personne")
    OPENING_HOURS = "opening_hours", _("Venir aux heures d'ouverture")


class RefusalReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("La personne ne remplit pas les conditions")
    FULL = "full", _("Le service est complet")
    WRONG_SERVICE = "wrong_service", _("Ce n'est pas le bon service pour cette demande")
    UNREACHABLE = "unreachable", _("La personne n'a pas pu être jointe")
    OTHER = "other", _("Autre raison")


class ReferralQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def for_service_organisation(self, organisation):
        return self.filter(receiving_organisation=organisation)


class Referral(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        "directory.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    service_name = models.CharField(_("service"), max_length=300)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals_sent"
    )
    # The organisation running the service's place when the referral was made: whose Relais inbox receives it
    # (kept on the referral so that the inbox is one indexed range, not a join through places).
    receiving_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_received",
    )
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals_sent"
    )
    person = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    situations = models.JSONField(_("situation de la personne"), default=list, blank=True)
    request = models.TextField(_("ce qui est demandé"), blank=True)
    contact_preference = models.CharField(
        _("comment joindre la personne"),
        max_length=16,
        choices=ContactPreference.choices,
        default=ContactPreference.PHONE,
    )
    contact_details = models.CharField(_("téléphone ou adresse pour la joindre"), max_length=200, blank=True)
    available_on = models.DateField(_("disponible à partir du"), null=True, blank=True)
    documents_consent_at = models.DateTimeField(
        _("accord de la personne pour transmettre ses documents"), null=True, blank=True
    )
    state = models.CharField(_("état"), max_length=16, choices=ReferralState.choices, default=ReferralState.SENT)
    delivery = models.CharField(max_length=8, choices=Delivery.choices, default=Delivery.EMAIL)
    created_at = models.DateTimeField(_("créée le"))
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    next_step = models.CharField(_("suite proposée"), max_length=16, choices=NextStep.choices, blank=True)
    answer_message = models.TextField(_("message du service"), blank=True)
    refusal_reason = models.CharField(_("raison du refus"), max_length=16, choices=RefusalReason.choices, blank=True)
    cancelled_by_person = models.BooleanField(default=False)
    link_version = models.PositiveIntegerField(default=1)
    link_issued_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("orientation")
        indexes = [
            models.Index(fields=["service", "sent_at"], name="referral_service_sent"),
            models.Index(fields=["service", "created_at"], name="referral_service_created"),
            models.Index(fields=["person", "created_at"], name="referral_person_created"),
            models.Index(fields=["state", "sent_at"], name="referral_state_sent"),
            models.Index(fields=["organisation", "created_at", "id"], name="referral_org_created"),
            models.Index(fields=["receiving_organisation", "created_at", "id"], name="referral_inbox"),
            models.Index(fields=["closed_at"], name="referral_closed"),
        ]

    def __str__(self) -> str:
        return f"orientation {self.pk} → {self.service_name} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def situation_labels(self) -> list[str]:
        return [str(Situation(code).label) for code in self.situations if code in Situation.values]


class MessageAuthor(models.TextChoices):
    SERVICE = "service", _("le service")
    REFERRER = "referrer", _("le professionnel qui oriente")


class ReferralMessage(models.Model):
    """A question of the receiving service, or the referrer's reply."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=16, choices=MessageAuthor.choices)
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_author_display()} ({self.referral_id})"


def attachment_upload_to(instance, filename: str) -> str:
    return f"referrals/{uuid.uuid4().hex}"


class ReferralAttachment(models.Model):
    """A copy of a document of the person's safe, shared with the service with the person's consent."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attachments")
    document_id_copy = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100, default="application/octet-stream")
    extension = models.CharField(max_length=10, blank=True)
    file = models.FileField(upload_to=attachment_upload_to, blank=True)
    created_at = models.DateTimeField()
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title or f"document {self.pk}"


class ServiceResponseStats(models.Model):
    """A service's answers to referrals over the last 12 months, refreshed when one of its referrals changes state
    and every day (the window slides): what the directory shows, read in one indexed query per page."""

    service = models.OneToOneField(
        "directory.Service", on_delete=models.CASCADE, primary_key=True, related_name="referral_stats"
    )
    count = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    median_seconds = models.PositiveIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("taux de réponse d'un service")

    def __str__(self) -> str:
        return f"{self.service_id}: {self.answered}/{self.count}"
