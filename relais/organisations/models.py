"""Organisations (structures) and their members' roles."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value: str) -> None:
    """SIRET: 14 digits with a Luhn checksum (La Poste establishments are the known exception)."""
    digits = (value or "").replace(" ", "")
    if not digits.isdigit() or len(digits) != 14:
        raise ValidationError(_("Le SIRET doit comporter 14 chiffres."), code="siret_length")
    if digits.startswith("356000000"):  # La Poste: sum of digits multiple of 5
        if sum(int(c) for c in digits) % 5 == 0:
            return
    if not luhn_valid(digits):
        raise ValidationError(
            _("Ce SIRET n'est pas valide : vérifiez les chiffres (la clé de contrôle ne correspond pas)."),
            code="siret_checksum",
        )


class OrganisationKind(models.TextChoices):
    ADMINISTRATION = "administration", _("Administration")
    BENEFITS_BODY = "benefits_body", _("Organisme de prestations sociales (CAF, MSA, CPAM...)")
    CCAS = "ccas", _("CCAS / CIAS")
    FRANCE_SERVICES = "france_services", _("France Services")
    ASSOCIATION = "association", _("Association")
    LOCAL_AUTHORITY = "local_authority", _("Collectivité territoriale")
    OTHER = "other", _("Autre")


class MandateCategory(models.TextChoices):
    """Aidants Connect procedure categories (see docs/glossary.md)."""

    PAPIERS = "papiers", _("Papiers - Citoyenneté - Élections")
    FAMILLE = "famille", _("Famille - Scolarité")
    SOCIAL = "social", _("Social - Santé")
    TRAVAIL = "travail", _("Travail - Formation")
    LOGEMENT = "logement", _("Logement")
    TRANSPORTS = "transports", _("Transports - Mobilité")
    ARGENT = "argent", _("Argent - Impôts - Consommation")
    JUSTICE = "justice", _("Justice")
    ETRANGER = "etranger", _("Étranger - Europe")
    LOISIRS = "loisirs", _("Loisirs - Sport - Culture")


class Organisation(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type de structure"), max_length=32, choices=OrganisationKind.choices)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    departement = models.ForeignKey(
        "territory.Departement", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("département")
    )
    commune = models.ForeignKey(
        "territory.Commune", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("commune")
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)
    allowed_mandate_categories = models.JSONField(_("catégories de mandat autorisées"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    HELPER = "helper", _("Aidant")
    AGENT = "agent", _("Instructeur")
    MANAGER = "manager", _("Responsable de structure")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=16, choices=MemberRole.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


#: What a partner token may do on the API (checked on each partner operation, relais/api/auth.py).
API_SCOPES = {
    "dossiers:prefill": _("Créer des dossiers pré-remplis pour les démarches qui l'autorisent"),
    "dossiers:read": _("Lire l'état des dossiers instruits par la structure"),
}


class ApiToken(models.Model):
    """Token authentication for partner systems (an organisation's information system).

    Only a SHA-256 of the token is stored; the clear token is shown once at creation. `scopes`: the keys
    of API_SCOPES it grants (an operation needing another scope is refused)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nom"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'API")

    def __str__(self) -> str:
        return f"{self.organisation} — {self.name}"

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    def scope_labels(self) -> list[str]:
        return [str(API_SCOPES.get(scope, scope)) for scope in self.scopes or []]
