"""The person's document safe (coffre) and the two-step upload.

Files are stored with the default storage under random names (never the name the phone gave),
and are only ever served through permission-checked views: there is no public media URL."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocType(models.TextChoices):
    IDENTITY = "identity", _("Pièce d'identité")
    ADDRESS = "address", _("Justificatif de domicile")
    TAX_NOTICE = "tax_notice", _("Avis d'imposition")
    PAYSLIP = "payslip", _("Bulletin de salaire")
    BANK_DETAILS = "bank_details", _("RIB (coordonnées bancaires)")
    CAF_CERTIFICATE = "caf_certificate", _("Attestation CAF")
    OTHER = "other", _("Autre document")


# The mandate category a helper needs to see a document of this type (anchors.md categories).
MANDATE_CATEGORY = {
    DocType.IDENTITY: "papiers",
    DocType.ADDRESS: "logement",
    DocType.TAX_NOTICE: "argent",
    DocType.PAYSLIP: "travail",
    DocType.BANK_DETAILS: "argent",
    DocType.CAF_CERTIFICATE: "social",
    DocType.OTHER: None,
}


def _random_name(prefix: str, extension: str) -> str:
    now = timezone.now()
    return f"{prefix}/{now:%Y/%m}/{secrets.token_urlsafe(24)}.{extension}"


def document_upload_to(instance: Document, filename: str) -> str:
    return _random_name("coffre", filename.rsplit(".", 1)[-1] if "." in filename else "bin")


def preview_upload_to(instance, filename: str) -> str:
    return _random_name("coffre-apercus", "jpg")


def pending_upload_to(instance: PendingUpload, filename: str) -> str:
    return _random_name("coffre-attente", filename.rsplit(".", 1)[-1] if "." in filename else "bin")


class DocumentQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)


class Document(models.Model):
    person = models.ForeignKey(
        "accounts.Person", on_delete=models.CASCADE, related_name="documents", verbose_name=_("usager")
    )
    doc_type = models.CharField(_("type de document"), max_length=32, choices=DocType.choices)
    title = models.CharField(_("nom du document"), max_length=150)
    expires_on = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    file = models.FileField(upload_to=document_upload_to, max_length=200)
    preview = models.FileField(upload_to=preview_upload_to, max_length=200, blank=True)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveSmallIntegerField(default=1)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    original_size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set when a professional added the document for the person.",
    )
    uploaded_by_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mandate_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document du coffre")
        verbose_name_plural = _("documents du coffre")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "deleted_at", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @property
    def extension(self) -> str:
        return "pdf" if self.is_pdf else "jpg"

    @property
    def download_name(self) -> str:
        from django.utils.text import slugify

        return f"{slugify(self.title) or 'document'}.{self.extension}"

    def expiry_state(self, today=None) -> str:
        """ "" (no date or far), "soon" (within 30 days), "expired"."""
        if not self.expires_on:
            return ""
        today = today or timezone.localdate()
        if self.expires_on < today:
            return "expired"
        if (self.expires_on - today).days <= 30:
            return "soon"
        return ""


class DocumentUse(models.Model):
    """A document of the safe attached to something (a dossier): its processing agents may open it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="uses")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attached_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "target_type", "target_id"], name="document_use_unique")
        ]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.target_type_id}:{self.target_id}"


class PendingUpload(models.Model):
    """Step one of an upload: the processed file, shown (preview, size) before the person keeps it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=pending_upload_to, max_length=200)
    preview = models.FileField(upload_to=preview_upload_to, max_length=200, blank=True)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveSmallIntegerField(default=1)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    original_size = models.PositiveIntegerField(default=0)
    original_count = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"pending upload {self.pk}"

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"
