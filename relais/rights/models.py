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
    # The latest estimate saved to the person file: [{"benefit", "label", "amount", "yearly",
    # "free", "received"}] for the month `result_period`, saved at `result_at`.
    result = models.JSONField(_("dernière estimation enregistrée"), default=list, blank=True)
    result_period = models.CharField(_("mois de l'estimation"), max_length=7, blank=True)
    result_at = models.DateTimeField(_("estimation enregistrée le"), null=True, blank=True)
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


class TakeUpState(models.TextChoices):
    """Where a right probably not claimed stands, as the helper works it through with the person."""

    DETECTED = "detected", _("à traiter")
    CONTACTED = "contacted", _("contacté")
    CLAIMING = "claiming", _("demande en cours")
    OBTAINED = "obtained", _("obtenu")
    NOT_INTERESTED = "not_interested", _("pas intéressé")


class UnclaimedRight(models.Model):
    """One benefit probably not claimed by one person, worked through by one organisation.

    Created by the batch detection (one row per organisation, person and benefit); a later batch
    keeps the state of a row already worked. Only `relais.rights.states.unclaimed_transition`
    changes `state`; each change is kept in `UnclaimedRightChange`."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="unclaimed_rights"
    )
    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="unclaimed_rights")
    benefit = models.CharField(_("aide"), max_length=80)
    label = models.CharField(_("nom de l'aide"), max_length=200)
    state = models.CharField(
        _("suivi"), max_length=20, choices=TakeUpState.choices, default=TakeUpState.DETECTED, db_index=True
    )
    detected_at = models.DateTimeField(_("repérée le"), auto_now_add=True)
    last_batch = models.ForeignKey(
        BatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="unclaimed_rights"
    )
    last_seen_at = models.DateTimeField(_("vue dans la dernière recherche le"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("suivi changé le"), null=True, blank=True)
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("droit probablement non réclamé")
        verbose_name_plural = _("droits probablement non réclamés")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "benefit"], name="unclaimed_right_one_per_benefit"
            )
        ]
        indexes = [models.Index(fields=["organisation", "state"])]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.benefit} ({self.state})"


class UnclaimedRightChange(models.Model):
    """History: one line per change of the row's state (who, when, from what to what)."""

    right = models.ForeignKey(UnclaimedRight, on_delete=models.CASCADE, related_name="changes")
    from_state = models.CharField(max_length=20, choices=TakeUpState.choices)
    to_state = models.CharField(max_length=20, choices=TakeUpState.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.right_id}: {self.from_state} → {self.to_state}"
