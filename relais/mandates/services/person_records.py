"""Records of people without email or smartphone, and claiming them."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from relais import policy
from relais.accounts.models import Channel, Person, User
from relais.core.phone import normalize_phone
from relais.journal.services import journal_record
from relais.mandates.services.common import (
    CLAIM_CODE_ALPHABET,
    _require_helper_of,
    _secret_hash,
)

# --- People without email or smartphone ---------------------------------------------------------


def _new_claim_code() -> str:
    raw = "".join(secrets.choice(CLAIM_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _claim_hash(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return _secret_hash(f"person-claim-{cleaned}")


@transaction.atomic
def person_record_create(
    *,
    actor: User,
    organisation,
    first_name: str,
    last_name: str,
    birth_date: dt.date | None,
    birth_name: str = "",
    commune=None,
    phone: str = "",
    preferred_channel: str = Channel.ORGANISATION,
    consent_given: bool,
) -> tuple[Person, str]:
    """A helper creates the record of a person (with their consent); returns it and its paper claim code."""
    _require_helper_of(actor, organisation)
    if not consent_given:
        raise ValidationError(_("La personne doit être d'accord pour que sa fiche soit créée."))
    if preferred_channel not in (Channel.SMS, Channel.ORGANISATION):
        raise ValidationError(_("Choisissez : par SMS, ou par votre structure."))
    if phone:
        phone = normalize_phone(phone)
    if preferred_channel == Channel.SMS and not phone:
        raise ValidationError(_("Pour recevoir les messages par SMS, indiquez un numéro de portable."))
    code = _new_claim_code()
    person = Person.objects.create(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_name=(birth_name or "").strip(),
        birth_date=birth_date,
        commune=commune,
        phone=phone,
        preferred_channel=preferred_channel,
        created_by_organisation=organisation,
        claim_code_hash=_claim_hash(code),
    )
    journal_record(
        action="person.record_created",
        actor=actor,
        organisation=organisation,
        person=person,
        obj=person,
        details={"consent": True, "preferred_channel": preferred_channel, "has_phone": bool(phone)},
    )
    return person, code


@transaction.atomic
def person_claim_code_renew(*, actor: User, organisation, person: Person) -> str:
    _require_helper_of(actor, organisation)
    if person.user_id is not None:
        raise ValidationError(_("Cette personne a déjà son compte."))
    if person.created_by_organisation_id != organisation.pk:
        raise policy.Refused(_("Cette fiche a été créée par une autre structure."))
    code = _new_claim_code()
    person.claim_code_hash = _claim_hash(code)
    person.save(update_fields=["claim_code_hash"])
    journal_record(
        action="person.claim_code_renewed", actor=actor, organisation=organisation, person=person, obj=person
    )
    return code


@transaction.atomic
def person_record_claim(*, code: str, birth_date: dt.date, email: str, password: str, language: str = "fr") -> User:
    """The person creates their account with the paper code: the account is linked to their record."""
    person = (
        Person.objects.select_for_update()
        .filter(claim_code_hash=_claim_hash(code), user__isnull=True)
        .exclude(claim_code_hash="")
        .first()
    )
    if person is None or (person.birth_date is not None and person.birth_date != birth_date):
        raise ValidationError(
            _("Ce code ou cette date de naissance ne correspondent pas. Vérifiez le papier donné par votre aidant.")
        )
    email = (email or "").strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _("Un compte existe déjà avec cette adresse. Connectez-vous, ou utilisez une autre adresse.")
        )
    user = User(email=email, first_name=person.first_name, last_name=person.last_name, language=language)
    validate_password(password, user)
    user.set_password(password)
    user.phone = person.phone
    user.save()
    person.user = user
    person.email = email
    person.claim_code_hash = ""
    person.save(update_fields=["user", "email", "claim_code_hash"])
    journal_record(action="person.record_claimed", actor=user, person=person, obj=person)
    return user
