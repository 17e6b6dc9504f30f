"""Notifications: one event for one recipient, delivered on one or more channels.

A Delivery is unique per (notification, channel): however often a task runs, one event gives at
most one delivery per channel. Every try is kept as an Attempt."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.accounts.models import Channel


class Notification(models.Model):
    event = models.CharField(_("événement"), max_length=80)
    key = models.CharField(_("clé d'idempotence"), max_length=200, unique=True)
    person = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    language = models.CharField(max_length=8, default="fr")
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("texte"))
    sms_body = models.CharField(_("texte SMS"), max_length=480, blank=True)
    link = models.CharField(max_length=500, blank=True)
    # Notifications of one group (the steps of one dossier) sent to one recipient within a few
    # minutes go out as one message (relais.notifications.grouping).
    group = models.CharField(_("groupe"), max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event} → {self.person or self.user}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    SENDING = "sending", _("envoi en cours")
    SENT = "sent", _("envoyé")
    FAILED = "failed", _("échec définitif")
    MERGED = "merged", _("regroupé avec un message suivant")


class Delivery(models.Model):
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    address = models.CharField(max_length=254)
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts_count = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # While SENDING: the moment after which the attempt is presumed dead (worker killed) and the
    # sweep may enqueue the delivery again. Always longer than the provider timeouts.
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=200, blank=True)
    last_error = models.TextField(blank=True)
    # MERGED: sent as part of this later delivery of the same group and recipient.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("envoi")
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="delivery_one_per_channel")]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address or '?'} ({self.get_status_display()})"

    @property
    def idempotency_key(self) -> str:
        """Sent to the provider (SMS) and used as Message-ID (email): the same on every retry,
        unique across databases and installations."""
        return f"relais-{self.uid.hex}"


class Attempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(null=True)
    error = models.TextField(blank=True)
    provider_id = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        outcome = {True: "ok", False: "échec", None: "en cours"}[self.ok]
        return f"{self.started_at:%Y-%m-%d %H:%M:%S} {outcome}"
