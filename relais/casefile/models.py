"""What belongs to the person file itself: follow-up consents (« suivi ») and the organisation's private notes.

A FollowUp lets an organisation keep a file on a person without acting in their name: it is a `Grant`
for the file (relais/casefile/casefile_entries.py), never a way to act (only a mandate is). Its
lifecycle is explicit (relais/casefile/states.py): pending consent → active → expired | revoked
(pending → abandoned). Only `states.follow_up_transition` changes `state`.

A PrivateNote is written by a member of the organisation about the person, seen by that organisation's
helpers and managers only (and by the person, in the export of their data). It is never edited in
place: a note is struck through (its text kept, with who struck it, when and why) and a new one written."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.organisations.models import MandateCategory

#: a follow-up covering every domain
ALL = "*"


class FollowUpState(models.TextChoices):
    PENDING = "pending_consent", _("en attente du consentement")
    ACTIVE = "active", _("actif")
    EXPIRED = "expired", _("terminé (date dépassée)")
    REVOKED = "revoked", _("retiré")
    ABANDONED = "abandoned", _("abandonné (consentement non donné)")


class FollowUpConsentMethod(models.TextChoices):
    ACCOUNT = "account", _("La personne accepte depuis son propre compte Relais")
    PAPER = "paper", _("La personne signe la feuille d'accord imprimée, à l'accueil")


class FollowUpDuration(models.IntegerChoices):
    HALF_YEAR = 182, _("6 mois (182 jours)")
    YEAR = 365, _("12 mois (365 jours)")


class FollowUpConsentTextQuerySet(models.QuerySet):
    def current(self):
        return self.order_by("-published_at", "-pk").first()


class FollowUpConsentText(models.Model):
    """The versioned plain-language text of the follow-up a person reads before consenting."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    text_fr = models.TextField(_("texte en français"))
    text_en = models.TextField(_("texte en anglais"))
    published_at = models.DateTimeField(_("publié le"), default=timezone.now)

    objects = FollowUpConsentTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("texte d'accord de suivi")
        verbose_name_plural = _("textes d'accord de suivi")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return f"v{self.version}"

    def text_for(self, language: str) -> str:
        return self.text_en if (language or "").startswith("en") else self.text_fr


class FollowUpQuerySet(models.QuerySet):
    def active(self, *, at: dt.datetime | None = None):
        at = at or timezone.now()
        return self.filter(state=FollowUpState.ACTIVE, starts_at__lte=at, expires_at__gt=at)

    def overdue(self, *, at: dt.datetime | None = None):
        at = at or timezone.now()
        return self.filter(state=FollowUpState.ACTIVE, expires_at__lte=at)

    def open(self):
        return self.filter(state__in=[FollowUpState.PENDING, FollowUpState.ACTIVE])


def sheet_upload_to(instance: FollowUp, filename: str) -> str:
    return f"casefile/sheets/{instance.organisation_id}/{timezone.now():%Y%m}/{instance.pk or 'new'}-{filename}"


class FollowUp(models.Model):
    """Suivi: the person agrees that the organisation keeps a file on them (no acting for them)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("structure")
    )
    person = models.ForeignKey(
        "accounts.Person", on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("usager")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("aidant")
    )
    state = models.CharField(
        _("état"), max_length=20, choices=FollowUpState.choices, default=FollowUpState.PENDING, db_index=True
    )
    #: mandate categories the organisation may see, or [ALL]
    categories = models.JSONField(_("domaines"), default=list)
    consent_method = models.CharField(_("mode d'accord"), max_length=16, choices=FollowUpConsentMethod.choices)
    consent_text = models.ForeignKey(
        FollowUpConsentText, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("texte d'accord")
    )
    duration_days = models.PositiveSmallIntegerField(_("durée"), choices=FollowUpDuration.choices)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    consented_at = models.DateTimeField(_("accord donné le"), null=True, blank=True)
    starts_at = models.DateTimeField(_("début"), null=True, blank=True)
    expires_at = models.DateTimeField(_("fin"), null=True, blank=True, db_index=True)
    ended_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("arrêté par"),
    )
    end_reason = models.TextField(_("motif de l'arrêt"), blank=True)
    # Consent at the desk: the printed sheet, signed, scanned by the helper.
    signed_sheet = models.FileField(_("feuille d'accord signée"), upload_to=sheet_upload_to, blank=True)
    signed_sheet_type = models.CharField(max_length=40, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="follow_up_active_has_dates",
                condition=~models.Q(state="active")
                | (models.Q(starts_at__isnull=False) & models.Q(expires_at__isnull=False)),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "person", "state"])]

    def __str__(self) -> str:
        return f"Suivi #{self.pk} — {self.person} / {self.organisation}"

    @property
    def is_in_force(self) -> bool:
        now = timezone.now()
        return (
            self.state == FollowUpState.ACTIVE
            and self.starts_at is not None
            and self.expires_at is not None
            and self.starts_at <= now < self.expires_at
        )

    @property
    def covers_all(self) -> bool:
        return ALL in (self.categories or [])

    def category_labels(self) -> list[str]:
        if self.covers_all:
            return [str(_("tous les domaines"))]
        labels = dict(MandateCategory.choices)
        return [str(labels.get(c, c)) for c in sorted(self.categories or [])]


class PrivateNoteQuerySet(models.QuerySet):
    def of(self, *, organisation, person):
        return self.filter(organisation=organisation, person=person)


class PrivateNote(models.Model):
    """Note privée: written by a member of the organisation about the person, for that organisation only."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="private_notes",
        verbose_name=_("structure"),
    )
    person = models.ForeignKey(
        "accounts.Person", on_delete=models.CASCADE, related_name="private_notes", verbose_name=_("usager")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("auteur")
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("écrite le"), default=timezone.now, db_index=True)
    struck_at = models.DateTimeField(_("barrée le"), null=True, blank=True)
    struck_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    strike_reason = models.CharField(_("motif"), max_length=300, blank=True)
    #: set when the text was erased (the person's account erased, or the retention limit passed)
    erased_at = models.DateTimeField(_("effacée le"), null=True, blank=True)

    objects = PrivateNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("note privée")
        verbose_name_plural = _("notes privées")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "person", "-created_at"])]

    def __str__(self) -> str:
        return f"Note #{self.pk} — {self.organisation_id}/{self.person_id}"
