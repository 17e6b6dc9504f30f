"""Writes on accounts and persons: sign-up, email verification, profile, second factor,
export of one's data and erasure of one's account."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import smtplib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.exports import export_sections
from relais.accounts.locks import locked_fields
from relais.accounts.models import EmailVerification, Person, User
from relais.accounts.signals import person_erased
from relais.core.phone import normalize_phone
from relais.journal.models import Entry
from relais.journal.services import journal_record

logger = logging.getLogger(__name__)

EMAIL_VERIFICATION_SALT = "relais.accounts.email-verification"
EMAIL_VERIFICATION_MAX_AGE = dt.timedelta(days=3)
EMAIL_VERIFICATION_RESEND_DELAY = dt.timedelta(minutes=2)
BACKUP_CODES_COUNT = 10
TOTP_DEVICE_NAME = "Application d'authentification"
BACKUP_DEVICE_NAME = "Codes de secours"


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


# --- Sign-up and email verification ----------------------------------------------------------


@transaction.atomic
def user_signup(*, email: str, password: str, first_name: str, last_name: str, language: str = "fr") -> User:
    """A person creates their own account: a User and their Person record; a verification
    link is emailed once the transaction commits."""
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name, language=language
    )
    Person.objects.create(user=user, first_name=first_name, last_name=last_name, email=user.email, language=language)
    journal_record(action="account.signup", actor=user.pk, person=user.person, obj=user)
    transaction.on_commit(lambda: email_verification_send(user=user))
    return user


@transaction.atomic
def email_verification_create(*, user: User) -> str:
    """Create a one-time verification token; returns the signed token to put in the link."""
    clear = secrets.token_urlsafe(24)
    EmailVerification.objects.create(user=user, token_hash=_sha256(clear))
    return signing.TimestampSigner(salt=EMAIL_VERIFICATION_SALT).sign(clear)


def email_verification_send(*, user: User) -> bool:
    """Email a verification link (synchronous transactional mail). Returns False when the
    address is already verified or a link was sent less than two minutes ago."""
    if user.email_verified_at is not None:
        return False
    recent = timezone.now() - EMAIL_VERIFICATION_RESEND_DELAY
    if EmailVerification.objects.filter(user=user, used_at__isnull=True, created_at__gte=recent).exists():
        return False
    token = email_verification_create(user=user)
    link = _absolute(reverse("accounts:verify_email", kwargs={"token": token}))
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Relais : confirmez votre adresse électronique")
        body = _(
            "Bonjour %(name)s,\n\n"
            "Vous avez créé un compte sur Relais. Pour confirmer que cette adresse est bien la vôtre, "
            "ouvrez ce lien :\n\n%(link)s\n\n"
            "Le lien marche pendant 3 jours, une seule fois.\n"
            "Si vous n'avez pas créé de compte, ne faites rien : ce courriel peut être ignoré.\n\n"
            "L'équipe Relais"
        ) % {"name": user.get_short_name(), "link": link}
    try:
        send_mail(subject, body, None, [user.email])
    except (OSError, smtplib.SMTPException):
        # The account is kept; the person can ask for the link again from the banner.
        logger.exception("email verification: sending to user %s failed", user.pk)
        EmailVerification.objects.filter(user=user, used_at__isnull=True, created_at__gte=recent).delete()
        return False
    return True


@transaction.atomic
def email_verify(*, token: str) -> User | None:
    """Mark the address as verified when the token is genuine, recent and unused."""
    try:
        clear = signing.TimestampSigner(salt=EMAIL_VERIFICATION_SALT).unsign(token, max_age=EMAIL_VERIFICATION_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    verification = (
        EmailVerification.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=_sha256(clear), used_at__isnull=True)
        .first()
    )
    if verification is None:
        return None
    now = timezone.now()
    verification.used_at = now
    verification.save(update_fields=["used_at"])
    user = verification.user
    if user.email_verified_at is None:
        user.email_verified_at = now
        user.save(update_fields=["email_verified_at"])
        journal_record(action="account.email_verified", actor=user.pk, obj=user)
    return user


@transaction.atomic
def email_mark_verified(*, user: User, how: str) -> bool:
    """The user proved they read mail at their address another way (e.g. a password reset link)."""
    if user.email_verified_at is not None:
        return False
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    journal_record(action="account.email_verified", actor=user.pk, obj=user, details={"how": how})
    return True


# --- Profile --------------------------------------------------------------------------------


def phone_normalise(value: str) -> str:
    """Return a phone number in E.164 form (+33612345678), or "" when empty: the one normaliser of Relais
    (relais.core.phone), so an overseas number (0692 … in La Réunion) gets its own country code, as the SMS
    sending expects. Raises ValidationError with a plain-French message otherwise."""
    if not (value or "").strip():
        return ""
    return normalize_phone(value)


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    phone: str,
    language: str,
    preferred_channel: str,
    birth_name: str | None = None,
) -> User:
    """Update one's name and contact preferences (kept in step with one's Person record)."""
    phone = phone_normalise(phone)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(gettext_lazy("Langue inconnue."), code="language")
    locked = locked_fields(user)
    if locked:  # certified by a provider: kept as certified, whatever the form sent
        person_now = Person.objects.filter(user=user).first()
        current = {"first_name": user.first_name, "last_name": user.last_name}
        current["birth_name"] = person_now.birth_name if person_now is not None else ""
        changed = {"first_name": first_name, "last_name": last_name, "birth_name": birth_name}
        if any(name in locked and value is not None and value != current[name] for name, value in changed.items()):
            raise ValidationError(
                gettext_lazy(
                    "Votre prénom et votre nom sont certifiés par FranceConnect : ils ne se modifient pas ici."
                ),
                code="certified",
            )
    user.first_name, user.last_name, user.phone = first_name, last_name, phone
    user.language, user.preferred_channel = language, preferred_channel
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name", "phone", "language", "preferred_channel"])
    person = Person.objects.filter(user=user).first()
    if person is not None:
        person.first_name, person.last_name, person.phone = first_name, last_name, phone
        person.language, person.preferred_channel = language, preferred_channel
        fields = ["first_name", "last_name", "phone", "language", "preferred_channel"]
        if birth_name is not None:
            person.birth_name = birth_name.strip()
            fields.append("birth_name")
        person.save(update_fields=fields)
    journal_record(action="account.profile_updated", actor=user.pk, person=person, obj=user)
    return user


# --- Second factor (TOTP and backup codes) --------------------------------------------------


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device being set up (created once, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a first code. On success the user's other TOTP devices are
    removed and fresh backup codes are returned (shown once); None when the code is wrong."""
    if device.user_id != user.pk or device.confirmed:
        return None
    if not device.verify_token(token.replace(" ", "")):
        return None
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    journal_record(action="account.totp_enrolled", actor=user.pk, obj=device)
    return backup_codes_regenerate(user=user)


@dataclass(frozen=True)
class SecondFactorCheck:
    device: Device | None  # the device the code belongs to; None when refused
    paused: bool = False  # too many wrong codes lately: nothing is checked until the pause ends


@transaction.atomic
def second_factor_check(*, user: User, token: str) -> SecondFactorCheck:
    """Check a code of the user's app or a backup code. RELAIS_TOTP_FAILURE_LIMIT wrong codes within
    RELAIS_TOTP_FAILURE_WINDOW seconds pause the checks until that long after the last one (a typo is not a
    lockout; guessing six digits stays out of reach). The devices are locked so parallel guesses count too."""
    devices = [
        type(device).objects.select_for_update().get(pk=device.pk) for device in devices_for_user(user, confirmed=True)
    ]
    limit = settings.RELAIS_TOTP_FAILURE_LIMIT
    since = timezone.now() - dt.timedelta(seconds=settings.RELAIS_TOTP_FAILURE_WINDOW)
    for device in devices:
        last = device.throttling_failure_timestamp
        if device.throttling_failure_count and (last is None or last < since):
            device.throttle_reset()
    if any(device.throttling_failure_count >= limit for device in devices):
        return SecondFactorCheck(None, paused=True)
    token = (token or "").replace(" ", "").lower()
    found = next((device for device in devices if device.verify_token(token)), None)
    if found is not None:
        for device in devices:
            if device.throttling_failure_count:
                device.throttle_reset()
        return SecondFactorCheck(found)
    return SecondFactorCheck(None, paused=any(device.throttling_failure_count >= limit for device in devices))


@transaction.atomic
def backup_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's backup codes (each usable once); returns them in clear, once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    journal_record(action="account.backup_codes_regenerated", actor=user.pk, obj=device)
    return codes


def backup_codes_remaining(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Export of one's data ----------------------------------------------------------------------

# Field names never exported (secrets): matched on the exact name or its suffix.
SECRET_FIELD_NAMES = {"password", "key", "token", "secret", "otp_secret"}
SECRET_FIELD_SUFFIXES = ("_hash", "_key", "_token", "_secret", "password")
# The account's internal fields (Django's permission machinery): not about the person.
INTERNAL_ACCOUNT_FIELDS = ("is_superuser", "is_staff", "is_active", "user_permissions", "groups")
# Models whose rows are secrets in themselves.
SECRET_MODELS = {"otp_static.statictoken", "sessions.session"}


def _is_secret(field) -> bool:
    name = field.name.lower()
    return name in SECRET_FIELD_NAMES or name.endswith(SECRET_FIELD_SUFFIXES)


def _value(instance: models.Model, field) -> Any:
    value = getattr(instance, field.attname)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | memoryview):
        return None
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def _serialise(instance: models.Model) -> dict:
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if _is_secret(field):
            continue
        data[field.attname if field.is_relation else field.name] = _value(instance, field)
    for field in instance._meta.many_to_many:
        if not _is_secret(field):
            data[field.name] = [str(obj) for obj in getattr(instance, field.name).all()]
    return data


def _third_party_person_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is Person]


def _minimal(instance: models.Model) -> dict:
    """A row that is also about another person (e.g. a mandate a helper created): only its
    ids and dates, never the other person's details."""
    data: dict[str, Any] = {"third_party": True}
    for field in instance._meta.concrete_fields:
        if _is_secret(field):
            continue
        if field.primary_key or field.is_relation or isinstance(field, models.DateTimeField | models.DateField):
            data[field.attname] = _value(instance, field)
    return data


def _related_rows(root: models.Model, *, skip: set[str], own_person_id: int | None = None) -> dict[str, list[dict]]:
    """Every row of every model that points at `root` (reverse FK, one-to-one, many-to-many),
    found through the models' _meta: new domains are exported without changes here. Rows
    that also point at another person are reduced to their ids and dates."""
    result: dict[str, list[dict]] = {}
    for relation in root._meta.related_objects:
        model = relation.related_model
        label = model._meta.label_lower
        if label in skip or label in SECRET_MODELS:
            continue
        if relation.many_to_many:
            rows = model.objects.filter(**{relation.field.name: root})
        else:
            rows = model._default_manager.filter(**{relation.field.name: root.pk})
        person_fields = _third_party_person_fields(model)
        serialised = []
        for row in rows.order_by("pk"):
            other = any(getattr(row, f.attname) not in (None, own_person_id) for f in person_fields)
            serialised.append(_minimal(row) if other else _serialise(row))
        if serialised:
            key = f"{label}:{relation.field.name}"
            result[key] = serialised
    return result


def person_export_data(*, user: User) -> dict:
    """All the data Relais holds about a user and their Person record, as JSON-ready dicts.

    Secrets (password hash, token hashes, OTP keys, backup codes) are left out. The journal
    entries about the person are included: they show who acted on their data."""
    person = Person.objects.filter(user=user).first()
    account = {k: v for k, v in _serialise(user).items() if k not in INTERNAL_ACCOUNT_FIELDS}
    if person is not None and account.get("phone") in ("", person.phone):
        del account["phone"]  # one phone number: the person record's
    data: dict[str, Any] = {
        "format": "relais-export-1",
        "exported_at": timezone.now().isoformat(),
        "account": account,
        "account_related": _related_rows(user, skip={"accounts.person"}, own_person_id=person.pk if person else None),
        "person": _serialise(person) if person else None,
        "person_related": _related_rows(person, skip={"accounts.personsearchkey"}, own_person_id=person.pk)
        if person
        else {},
        "threads": export_sections(person=person) if person else {},
    }
    journal_filter = models.Q(actor_id=user.pk)
    if person is not None:
        journal_filter |= models.Q(person_id=person.pk) | models.Q(on_behalf_of_id=person.pk)
    data["journal"] = [
        {
            "at": entry.at.isoformat(),
            "action": entry.action,
            "actor_id": entry.actor_id,
            "organisation_id": entry.organisation_id,
            "person_id": entry.person_id,
            "on_behalf_of_id": entry.on_behalf_of_id,
            "mandate_id": entry.mandate_id,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "details": entry.details,
        }
        for entry in Entry.objects.filter(journal_filter).order_by("id")
    ]
    journal_record(action="person.data_exported", actor=user.pk, person=person, obj=user)
    return data


# --- Erasure of one's account -----------------------------------------------------------------

PERSON_PERSONAL_FIELDS = {
    "first_name": "",
    "last_name": "",
    "birth_name": "",
    "birth_date": None,
    "commune_id": None,
    "phone": "",
    "email": "",
    "claim_code_hash": "",
}


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase an account: the Person's personal fields are blanked (the record stays,
    pseudonymous, for the dossiers and journal entries that point at it) and the User is
    deleted. If other records protect the User from deletion, it is anonymised and
    deactivated instead. The journal keeps only integer ids, so it stays pseudonymous."""
    person = Person.objects.select_for_update().filter(user=user).first()
    user_id = user.pk
    if person is not None:
        for name, blank in PERSON_PERSONAL_FIELDS.items():
            setattr(person, name, blank)
        person.user = None
        person.erased_at = timezone.now()
        person.save()
        person_erased.send(sender=Person, person=person, user_id=user_id)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    erased = "deleted"
    try:
        with transaction.atomic():
            user.delete()
    except (ProtectedError, RestrictedError):
        erased = "anonymised"
        User.objects.filter(pk=user_id).update(
            email=f"compte-supprime-{user_id}@invalid.relais",
            first_name="",
            last_name="",
            phone="",
            password="!",  # unusable
            is_active=False,
            is_staff=False,
            is_superuser=False,
        )
        user.memberships.update(is_active=False)
    journal_record(
        action="account.deleted",
        actor=user_id,
        person=person.pk if person else None,
        object_type="accounts.user",
        object_id=user_id,
        details={"user": erased, "person": "erased" if person else "none"},
    )
