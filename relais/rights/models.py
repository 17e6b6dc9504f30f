"""Rights: the household answers a person keeps (for prefill and batch detection) and batch runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RightsProfile(models.Model):
    """A person's household answers (same format as the questionnaire, see household.py)."""

    person = models.OneToOneField("accounts.Person", on_delete=models.CASCADE, related_name="rights_profile")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rights_profiles",
        verbose_name=_("structure qui accompagne"),
    )
    answers = models.JSONField(_("réponses du questionnaire"), default=dict, blank=True)
    consent_to_batch = models.BooleanField(
        _("accord pour la recherche de droits non réclamés"),
        default=False,
        help_text=_("La personne accepte que la structure calcule ses droits à partir de ces réponses."),
    )
    consent_at = models.DateTimeField(_("accord donné le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil pour le simulateur de droits")
        verbose_name_plural = _("profils pour le simulateur de droits")

    def __str__(self) -> str:
        return str(self.person)


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échec")


class BatchRun(models.Model):
    """One detection of unclaimed rights for the persons an organisation follows."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="rights_batches"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    period = models.CharField(_("mois calculé"), max_length=7)
    status = models.CharField(_("état"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    total = models.PositiveIntegerField(_("personnes"), default=0)
    done = models.PositiveIntegerField(_("personnes calculées"), default=0)
    skipped = models.PositiveIntegerField(_("profils incomplets"), default=0)
    rows = models.JSONField(_("droits probablement non réclamés"), default=list, blank=True)
    rules_date = models.DateField(_("date des règles"), null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recherche de droits non réclamés")
        verbose_name_plural = _("recherches de droits non réclamés")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.created_at:%d/%m/%Y}"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.status == BatchStatus.DONE else 0)
