"""Mandates (mandats): an organisation may act for a person, per procedure category, for a time.

A Mandate links an organisation (not a single helper: any helper of that organisation may act)
and a Person, with one Authorisation per procedure category. Its lifecycle is explicit (see
relais/mandates/states.py): pending consent → active → expired | revoked (pending → abandoned
when the consent is never given). Only `states.mandate_transition` changes `state`.

AccompanimentSession records a help session (the person may stay anonymous)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.organisations.models import MandateCategory


class MandateState(models.TextChoices):
    PENDING = "pending_consent", _("en attente du consentement")
    ACTIVE = "active", _("actif")
    EXPIRED = "expired", _("expiré")
    REVOKED = "revoked", _("révoqué")
    ABANDONED = "abandoned", _("abandonné (consentement non donné)")


class ConsentMethod(models.TextChoices):
    ACCOUNT = "account", _("La personne accepte depuis son propre compte Relais")
    SMS = "sms", _("La personne reçoit un code par SMS sur son téléphone")
    PAPER = "paper", _("La personne signe une attestation papier")


class RevocationReason(models.TextChoices):
    """Why the organisation withdrew a mandate (or one of its domains) at the person's side."""

    PERSON_ASKED = "person_asked", _("La personne l'a demandé au guichet")
    ENTRY_ERROR = "entry_error", _("Erreur de saisie")
    NO_LONGER_COMES = "no_longer_comes", _("La personne ne vient plus")
    OTHER = "other", _("Autre raison")


class MandateDuration(models.IntegerChoices):
    DAY = 1, _("1 jour")
    MONTH = 31, _("1 mois (31 jours)")
    HALF_YEAR = 182, _("6 mois (182 jours)")
    YEAR = 365, _("12 mois (365 jours)")


class ConsentTextQuerySet(models.QuerySet):
    def current(self):
        return self.order_by("-published_at", "-pk").first()


class ConsentText(models.Model):
    """The versioned plain-language text a person reads before consenting (French and English)."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    text_fr = models.TextField(_("texte en français"))
    text_en = models.TextField(_("texte en anglais"))
    published_at = models.DateTimeField(_("publié le"), default=timezone.now)

    objects = ConsentTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("texte de consentement")
        verbose_name_plural = _("textes de consentement")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return f"v{self.version}"

    def text_for(self, language: str) -> str:
        return self.text_en if (language or "").startswith("en") else self.text_fr


class MandateQuerySet(models.QuerySet):
    def active(self, *, at: dt.datetime | None = None):
        """Mandates in force now: state active and not past their end date."""
        at = at or timezone.now()
        return self.filter(state=MandateState.ACTIVE, starts_at__lte=at, expires_at__gt=at)

    def pending(self):
        return self.filter(state=MandateState.PENDING)

    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def expiring_within(self, *, days: int, at: dt.datetime | None = None):
        at = at or timezone.now()
        return self.active(at=at).filter(expires_at__lte=at + dt.timedelta(days=days))

    def overdue(self, *, at: dt.datetime | None = None):
        """Still marked active but past their end date (the expiry task moves them to expired)."""
        at = at or timezone.now()
        return self.filter(state=MandateState.ACTIVE, expires_at__lte=at)


def attestation_upload_to(instance: Mandate, filename: str) -> str:
    return f"mandates/attestations/{instance.organisation_id}/{timezone.now():%Y%m}/{instance.pk or 'new'}-{filename}"


class Mandate(models.Model):
    """Mandat: the organisation may act for the person in the authorised categories until `expires_at`."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="mandates", verbose_name=_("structure")
    )
    person = models.ForeignKey(
        "accounts.Person", on_delete=models.CASCADE, related_name="mandates", verbose_name=_("usager")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="mandates_created",
        verbose_name=_("aidant"),
    )
    state = models.CharField(
        _("état"), max_length=20, choices=MandateState.choices, default=MandateState.PENDING, db_index=True
    )
    consent_method = models.CharField(_("mode de consentement"), max_length=16, choices=ConsentMethod.choices)
    consent_text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("texte de consentement")
    )
    duration_days = models.PositiveSmallIntegerField(_("durée"), choices=MandateDuration.choices)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    consented_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mandates_confirmed",
        verbose_name=_("confirmé par"),
    )
    starts_at = models.DateTimeField(_("début"), null=True, blank=True)
    expires_at = models.DateTimeField(_("fin"), null=True, blank=True, db_index=True)
    ended_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mandates_revoked",
        verbose_name=_("révoqué par"),
    )
    revocation_reason = models.CharField(
        _("raison du retrait"), max_length=20, choices=RevocationReason.choices, blank=True
    )
    revocation_note = models.CharField(_("précisions sur le retrait"), max_length=500, blank=True)
    expiry_reminded_at = models.DateTimeField(_("rappel de fin envoyé le"), null=True, blank=True)
    fingerprint = models.CharField(_("empreinte"), max_length=64, blank=True, db_index=True)
    renewed_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="renewals", verbose_name=_("renouvelle")
    )
    # Consent by SMS one-time code: only a hash of the code is kept.
    sms_phone = models.CharField(_("téléphone pour le code"), max_length=20, blank=True)
    sms_code_hash = models.CharField(max_length=64, blank=True)
    sms_code_expires_at = models.DateTimeField(null=True, blank=True)
    sms_code_attempts = models.PositiveSmallIntegerField(default=0)
    sms_code_sent_count = models.PositiveSmallIntegerField(default=0)
    # Consent by signed paper attestation: the scan uploaded by the helper.
    signed_attestation = models.FileField(_("attestation signée"), upload_to=attestation_upload_to, blank=True)
    signed_attestation_type = models.CharField(max_length=40, blank=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="mandate_active_has_dates",
                condition=~models.Q(state="active")
                | (models.Q(starts_at__isnull=False) & models.Q(expires_at__isnull=False)),
            ),
            models.CheckConstraint(
                name="mandate_dates_order",
                condition=models.Q(starts_at__isnull=True)
                | models.Q(expires_at__isnull=True)
                | models.Q(expires_at__gt=models.F("starts_at")),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "person", "state"])]

    def __str__(self) -> str:
        return f"Mandat #{self.pk} — {self.person} / {self.organisation}"

    @property
    def is_in_force(self) -> bool:
        now = timezone.now()
        return (
            self.state == MandateState.ACTIVE
            and self.starts_at is not None
            and self.expires_at is not None
            and self.starts_at <= now < self.expires_at
        )

    @property
    def is_past_end(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    def active_authorisations(self):
        return [a for a in self.authorisations.all() if a.revoked_at is None]

    def active_categories(self) -> list[str]:
        return sorted(a.category for a in self.active_authorisations())

    def all_categories(self) -> list[str]:
        return sorted(a.category for a in self.authorisations.all())

    def revoked_authorisations(self):
        return [a for a in self.authorisations.all() if a.revoked_at is not None]

    @property
    def revoked_by_person(self) -> bool:
        """True when the person withdrew it themself (from their account), False for the organisation."""
        return self.revoked_by_id is not None and self.revoked_by_id == getattr(self.person, "user_id", None)

    def category_labels(self, *, only_active: bool = True) -> list[str]:
        cats = self.active_categories() if only_active else self.all_categories()
        return [str(MandateCategory(c).label) for c in cats]


class Authorisation(models.Model):
    """One procedure category the mandate covers; revocable on its own."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="authorisations")
    category = models.CharField(_("domaine"), max_length=16, choices=MandateCategory.choices)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("révoqué par"),
    )
    revocation_reason = models.CharField(
        _("raison du retrait"), max_length=20, choices=RevocationReason.choices, blank=True
    )
    revocation_note = models.CharField(_("précisions sur le retrait"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("autorisation")
        ordering = ["category"]
        constraints = [models.UniqueConstraint(fields=["mandate", "category"], name="authorisation_one_per_category")]

    def __str__(self) -> str:
        return f"{self.mandate_id}:{self.category}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class AccompanimentTheme(models.TextChoices):
    """The mandate categories (same values and labels) plus two themes of digital help."""

    PAPIERS = MandateCategory.PAPIERS.value, MandateCategory.PAPIERS.label
    FAMILLE = MandateCategory.FAMILLE.value, MandateCategory.FAMILLE.label
    SOCIAL = MandateCategory.SOCIAL.value, MandateCategory.SOCIAL.label
    TRAVAIL = MandateCategory.TRAVAIL.value, MandateCategory.TRAVAIL.label
    LOGEMENT = MandateCategory.LOGEMENT.value, MandateCategory.LOGEMENT.label
    TRANSPORTS = MandateCategory.TRANSPORTS.value, MandateCategory.TRANSPORTS.label
    ARGENT = MandateCategory.ARGENT.value, MandateCategory.ARGENT.label
    JUSTICE = MandateCategory.JUSTICE.value, MandateCategory.JUSTICE.label
    ETRANGER = MandateCategory.ETRANGER.value, MandateCategory.ETRANGER.label
    LOISIRS = MandateCategory.LOISIRS.value, MandateCategory.LOISIRS.label
    NUMERIQUE = "numerique", _("Usage du numérique (compte, courriel, téléphone)")
    AUTRE = "autre", _("Autre")


class AccompanimentOutcome(models.TextChoices):
    DONE = "done", _("Fait")
    FOLLOW_UP = "follow_up", _("À suivre")
    REDIRECTED = "redirected", _("Orienté vers une autre structure")


class AccompanimentSession(models.Model):
    """Compte rendu d'accompagnement: one help session given by a helper."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="accompaniment_sessions"
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="accompaniment_sessions"
    )
    person = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accompaniment_sessions",
        verbose_name=_("personne (facultatif)"),
    )
    happened_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    themes = models.JSONField(_("thèmes"), default=list)
    outcome = models.CharField(_("résultat"), max_length=16, choices=AccompanimentOutcome.choices)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accompagnement")
        verbose_name_plural = _("accompagnements")
        ordering = ["-happened_on", "-created_at"]
        constraints = [
            models.CheckConstraint(name="accompaniment_duration_positive", condition=models.Q(duration_minutes__gt=0)),
        ]
        indexes = [models.Index(fields=["organisation", "happened_on"])]

    def __str__(self) -> str:
        return f"{self.happened_on} — {self.organisation}"

    def theme_labels(self) -> list[str]:
        labels = dict(AccompanimentTheme.choices)
        return [str(labels.get(t, t)) for t in self.themes]
