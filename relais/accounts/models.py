"""Accounts: the people who log in (User) and the people Relais serves (Person, "usager").

A Person may exist without a User: a helper can create the record of someone with no email or
smartphone, who can claim it later (mandates issue)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Courriel")
    SMS = "sms", _("SMS")
    ORGANISATION = "organisation", _("Par la structure qui m'accompagne")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("email required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who logs in: a person, a professional, a coordinator or staff."""

    email = models.EmailField(_("adresse électronique"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    language = models.CharField(_("langue"), max_length=8, default="fr", choices=settings.LANGUAGES)
    preferred_channel = models.CharField(
        _("moyen de contact préféré"), max_length=16, choices=Channel.choices, default=Channel.EMAIL
    )
    email_verified_at = models.DateTimeField(_("adresse vérifiée le"), null=True, blank=True)
    is_staff = models.BooleanField(_("équipe Relais"), default=False)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    coordinated_departements = models.ManyToManyField(
        "territory.Departement",
        blank=True,
        related_name="coordinators",
        verbose_name=_("départements coordonnés"),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class PersonQuerySet(models.QuerySet):
    def with_account(self):
        return self.filter(user__isnull=False)


class Person(models.Model):
    """Usager: the person whose rights and procedures Relais serves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    birth_name = models.CharField(
        _("nom de naissance"), max_length=150, blank=True, help_text=_("Si la personne a changé de nom (mariage…).")
    )
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True, db_index=True)
    commune = models.ForeignKey(
        "territory.Commune",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("commune"),
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)
    language = models.CharField(_("langue"), max_length=8, default="fr", choices=settings.LANGUAGES)
    preferred_channel = models.CharField(
        _("moyen de contact préféré"), max_length=16, choices=Channel.choices, default=Channel.EMAIL
    )
    created_by_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_persons",
        verbose_name=_("fiche créée par"),
    )
    claim_code_hash = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(_("données effacées le"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("usager")
        verbose_name_plural = _("usagers")

    def __str__(self) -> str:
        if self.erased_at is not None:
            return f"Usager #{self.pk} (données effacées)"
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        return str(self)


class PersonSearchKey(models.Model):
    """One indexed search key of a person (relais/accounts/search_keys.py): a name word, its phonetic key,
    its one-letter-less variants, the phone number. Rebuilt whenever the person's name or phone changes;
    an erased person has none."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="search_keys")
    key = models.CharField(max_length=48)

    class Meta:
        verbose_name = _("clé de recherche d'un usager")
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="person_search_key_unique")]
        # keys are looked up by equality only (prefixes are keys too): the index also holds the person, so
        # the lookup never reads the table (index-only scans)
        indexes = [models.Index(fields=["key", "person"], name="person_search_key_lookup")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.key}"


class EmailVerification(models.Model):
    """One-time token proving that a user owns an email address."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_verifications")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vérification d'adresse")

    def __str__(self) -> str:
        return f"{self.user_id} — {self.created_at:%Y-%m-%d %H:%M}"
