"""Identity: sign-in with FranceConnect (persons) and ProConnect (professionals), and identity proofs.

A provider's `sub` is never stored as such: only its salted hash per provider (HMAC, settings
RELAIS_IDENTITY_HASH_KEY). `AuthRequest` rows hold the `state` and `nonce` of one authorization
request for a few minutes (purged by relais/identity/retention.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device


class Provider(models.TextChoices):
    FRANCECONNECT = "franceconnect", "FranceConnect"
    PROCONNECT = "proconnect", "ProConnect"


class Purpose(models.TextChoices):
    SIGNIN = "signin", _("connexion")
    PROOF = "proof", _("preuve d'identité pendant un accompagnement")


class SubjectKind(models.TextChoices):
    MANDATE = "mandate", _("mandat")
    FOLLOW_UP = "follow_up", _("suivi")


class AuthRequest(models.Model):
    """One authorization request sent to a provider: its state (the key), nonce, what it is for."""

    state = models.CharField(max_length=128, unique=True)
    nonce = models.CharField(max_length=128)
    provider = models.CharField(max_length=16, choices=Provider.choices)
    issuer = models.CharField(max_length=300)
    purpose = models.CharField(max_length=16, choices=Purpose.choices, default=Purpose.SIGNIN)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    subject_kind = models.CharField(max_length=16, choices=SubjectKind.choices, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    next_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("demande d'identification")

    def __str__(self) -> str:
        return f"{self.provider} {self.purpose} {self.created_at:%Y-%m-%d %H:%M}"


class IdentityLink(models.Model):
    """A Relais account signs in with this provider identity (the `sub`, hashed)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_links")
    provider = models.CharField(_("fournisseur"), max_length=16, choices=Provider.choices)
    sub_hash = models.CharField(max_length=64)
    email = models.EmailField(_("adresse donnée par le fournisseur"), blank=True)
    created_at = models.DateTimeField(_("lié le"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("dernière connexion"), null=True, blank=True)

    class Meta:
        verbose_name = _("identité liée")
        constraints = [models.UniqueConstraint(fields=["provider", "sub_hash"], name="identity_link_unique_sub")]

    def __str__(self) -> str:
        return f"{self.user_id} — {self.provider}"


class CertifiedIdentity(models.Model):
    """The identity of a person as FranceConnect gave it: these fields are not editable by hand."""

    person = models.OneToOneField("accounts.Person", on_delete=models.CASCADE, related_name="certified_identity")
    provider = models.CharField(max_length=16, choices=Provider.choices, default=Provider.FRANCECONNECT)
    certified_at = models.DateTimeField(_("certifiée le"))
    given_name = models.CharField(_("prénoms"), max_length=300)
    family_name = models.CharField(_("nom de naissance"), max_length=300)
    birthdate = models.DateField(_("date de naissance"), null=True, blank=True)
    birthplace = models.CharField(_("commune de naissance (code INSEE)"), max_length=5, blank=True)
    birthcountry = models.CharField(_("pays de naissance (code INSEE)"), max_length=5, blank=True)
    gender = models.CharField(_("sexe"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("identité certifiée")

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class IdentityProof(models.Model):
    """A person proved their identity with a provider on a helper's screen, for a mandate or a follow-up."""

    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="identity_proofs")
    provider = models.CharField(max_length=16, choices=Provider.choices)
    level = models.CharField(_("niveau"), max_length=32, blank=True)
    verified_at = models.DateTimeField(_("vérifiée le"))
    subject_kind = models.CharField(max_length=16, choices=SubjectKind.choices)
    subject_id = models.PositiveBigIntegerField()
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("preuve d'identité")
        indexes = [models.Index(fields=["subject_kind", "subject_id"], name="identity_proof_subject")]

    def __str__(self) -> str:
        return f"{self.person_id} — {self.provider} {self.verified_at:%Y-%m-%d}"


class JoinRequest(models.Model):
    """A professional signed in with ProConnect asked to join the organisation of their SIRET."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("demande pour rejoindre une structure")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="join_request_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.organisation_id}"


class ProviderSessionDevice(Device):
    """The second factor a provider vouched for (ProConnect's `amr` says "mfa"): given to django-otp's login
    for that session only; it verifies no token typed in Relais."""

    provider = models.CharField(max_length=16, choices=Provider.choices, default=Provider.PROCONNECT)

    class Meta:
        verbose_name = _("double authentification du fournisseur")

    def verify_token(self, token) -> bool:
        return False
