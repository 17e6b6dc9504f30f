"""Procedures (démarches), their versions, dossiers and what happens to them.

A Procedure belongs to the organisation that processes it. Its fields live in a
ProcedureVersion (a JSON list, see `relais.procedures.fields`); a published version is never
changed again and a dossier keeps the version it was started on. A Dossier's state only changes
through `relais.procedures.states.transition`, which records a Transition."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from relais.organisations.models import MandateCategory


class GlossaryTerm(models.Model):
    """A word of the administration explained in plain French ("quotient familial"...)."""

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    term = models.CharField(_("terme"), max_length=120)
    definition = models.TextField(_("explication simple"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("terme du glossaire")
        verbose_name_plural = _("glossaire")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class ProcedureQuerySet(models.QuerySet):
    def published(self):
        return self.filter(current_version__isnull=False, is_archived=False)

    def prefillable_by(self, organisation):
        """The procedures a partner organisation may prefill: its own, and those naming it."""
        return self.filter(models.Q(organisation=organisation) | models.Q(prefill_partners=organisation)).distinct()


class Procedure(models.Model):
    """Démarche: what a person can ask an organisation for, online."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="procedures",
        verbose_name=_("structure qui instruit"),
    )
    slug = models.SlugField(_("adresse courte"), max_length=120, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description en mots simples"))
    audience = models.TextField(_("pour qui"), blank=True)
    documents_needed = models.TextField(_("documents à préparer"), blank=True, help_text=_("un par ligne"))
    estimated_minutes = models.PositiveSmallIntegerField(_("temps estimé (minutes)"), default=15)
    category = models.CharField(_("catégorie"), max_length=16, choices=MandateCategory.choices)
    current_version = models.ForeignKey(
        "ProcedureVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("version publiée"),
    )
    is_archived = models.BooleanField(_("archivée"), default=False)
    prefill_partners = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="prefillable_procedures",
        verbose_name=_("partenaires autorisés à pré-remplir des dossiers"),
        help_text=_("En plus de la structure qui instruit, seule autorisée par défaut."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procedures:detail", args=[self.slug])

    @property
    def documents_list(self) -> list[str]:
        return [line.strip() for line in self.documents_needed.splitlines() if line.strip()]


class ProcedureVersion(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("numéro"))
    fields = models.JSONField(_("champs"), default=list, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version de démarche")
        ordering = ["procedure", "number"]
        constraints = [models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.procedure} — v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposé")
    IN_REVIEW = "in_review", _("En cours d'instruction")
    CORRECTION_REQUESTED = "correction_requested", _("Correction demandée")
    ACCEPTED = "accepted", _("Accepté")
    REFUSED = "refused", _("Refusé")
    CLOSED = "closed_without_follow_up", _("Classé sans suite")


class DossierQuerySet(models.QuerySet):
    def of_person(self, person):
        return self.filter(person=person)

    def drafts(self):
        return self.filter(state=DossierState.DRAFT)


class Dossier(models.Model):
    """Dossier: one person's request on one procedure version."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("démarche")
    )
    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("version")
    )
    person = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="dossiers",
        verbose_name=_("usager"),
    )
    state = models.CharField(_("état"), max_length=32, choices=DossierState.choices, default=DossierState.DRAFT)
    data = models.JSONField(_("réponses"), default=dict, blank=True)
    meta = models.JSONField(default=dict, blank=True)  # pages_done, prefilled, ...
    revision = models.PositiveIntegerField(_("révision"), default=1)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_dossiers",
        verbose_name=_("instructeur"),
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="helped_dossiers",
        verbose_name=_("aidant"),
    )
    helper_mandate_id = models.BigIntegerField(null=True, blank=True)
    created_by_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    prefill_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True)
    state_changed_at = models.DateTimeField(null=True, blank=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["procedure", "state", "-submitted_at", "-id"], name="dossier_list_idx"),
            models.Index(fields=["procedure", "-submitted_at", "-id"], name="dossier_list_all_idx"),
            models.Index(fields=["procedure", "assignee", "-submitted_at", "-id"], name="dossier_assignee_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure} n° {self.pk}"

    @property
    def reference(self) -> str:
        return f"D-{self.pk:06d}"


class DossierVersion(models.Model):
    """What the person sent, frozen at each submission."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version déposée")
        ordering = ["dossier", "number"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="dossier_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.dossier_id} v{self.number}"


class Transition(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=32, choices=DossierState.choices)
    to_state = models.CharField(max_length=32, choices=DossierState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    on_behalf_of = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("motif"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("changement d'état")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_state} → {self.to_state}"


def _attachment_path(instance, filename: str) -> str:
    return f"procedures/{instance.dossier_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """Pièce jointe: a file given for a field of a dossier (already fitted by the document pipeline)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    field_key = models.CharField(max_length=80)
    file = models.FileField(upload_to=_attachment_path)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    original_size = models.PositiveIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    source_document_id = models.BigIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name or f"pièce {self.pk}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Message(models.Model):
    """Messagerie between the person (or their helper) and the processing agents."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_label = models.CharField(max_length=200, blank=True)
    from_agent = models.BooleanField(default=False)
    body = models.TextField(_("message"))
    attachment = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_label}: {self.body[:40]}"


class PersonProfile(models.Model):
    """Tell us once: what the person chose to keep to prefill their procedures.

    `data` is keyed by the profile keys of `relais.procedures.profile.PROFILE_KEYS`."""

    person = models.OneToOneField("accounts.Person", on_delete=models.CASCADE, related_name="procedure_profile")
    data = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil « dites-le nous une fois »")

    def __str__(self) -> str:
        return f"profil de {self.person_id}"
