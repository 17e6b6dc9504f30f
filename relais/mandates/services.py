"""Writes on mandates, person records and accompaniment sessions.

Every function is one transaction, asks the policy, and journals with the mandate. State changes
go through `relais.mandates.states.mandate_transition` only."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from relais import policy
from relais.accounts.models import Channel, Person, User
from relais.journal.services import journal_record
from relais.mandates.models import (
    AccompanimentOutcome,
    AccompanimentSession,
    AccompanimentTheme,
    Authorisation,
    ConsentMethod,
    ConsentText,
    Mandate,
    MandateDuration,
    MandateState,
)
from relais.mandates.states import TransitionError, fingerprint_matches, mandate_transition
from relais.organisations.models import MandateCategory, MemberRole

ATTESTATION_MAX_BYTES = 10 * 1024 * 1024
ATTESTATION_TYPES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
CLAIM_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _secret_hash(value: str) -> str:
    return hmac.new(settings.MANDATE_FINGERPRINT_SALT.encode(), value.encode("utf-8"), hashlib.sha256).hexdigest()


def _membership(actor, organisation):
    membership = getattr(actor, "active_membership", None)
    if membership is not None and membership.organisation_id == organisation.pk:
        return membership
    return actor.memberships.active().filter(organisation=organisation).first()


def _require_helper_of(actor, organisation) -> None:
    membership = _membership(actor, organisation)
    if membership is None or membership.role not in (MemberRole.HELPER, MemberRole.MANAGER):
        raise policy.Refused(_("Seuls les aidants de cette structure peuvent faire cela."))


# --- Creating a mandate (pending consent) -------------------------------------------------------


def consent_text_current() -> ConsentText:
    """The latest published consent text (version 1 is (re)created from relais/mandates/consent_texts.py if absent)."""
    current = ConsentText.objects.current()
    if current is None:
        from relais.mandates.consent_texts import TEXT_EN, TEXT_FR, VERSION_1

        current, _created = ConsentText.objects.get_or_create(version=VERSION_1, defaults={"text_fr": TEXT_FR, "text_en": TEXT_EN})
    return current


@transaction.atomic
def mandate_request_create(
    *,
    actor: User,
    organisation,
    person: Person,
    categories: list[str],
    duration_days: int,
    consent_method: str,
    sms_phone: str = "",
    renewed_from: Mandate | None = None,
) -> Mandate:
    """Create the mandate and ALL its authorisations in one transaction, waiting for consent."""
    _require_helper_of(actor, organisation)
    categories = sorted(set(categories or []))
    if not categories:
        raise ValidationError(_("Choisissez au moins un domaine."))
    allowed = set(organisation.allowed_mandate_categories or [])
    valid = set(MandateCategory.values)
    unknown = [c for c in categories if c not in valid]
    if unknown:
        raise ValidationError(_("Domaine inconnu : %(cats)s.") % {"cats": ", ".join(unknown)})
    refused = [c for c in categories if c not in allowed]
    if refused:
        labels = ", ".join(str(MandateCategory(c).label) for c in refused)
        raise ValidationError(_("Votre structure n'est pas habilitée pour : %(cats)s.") % {"cats": labels})
    if duration_days not in MandateDuration.values:
        raise ValidationError(_("Choisissez une durée : 1 jour, 1 mois, 6 mois ou 12 mois."))
    if consent_method not in ConsentMethod.values:
        raise ValidationError(_("Choisissez comment la personne donne son accord."))
    if consent_method == ConsentMethod.ACCOUNT and person.user_id is None:
        raise ValidationError(_("Cette personne n'a pas de compte Relais : choisissez le code par SMS ou l'attestation papier."))
    if consent_method == ConsentMethod.SMS:
        from relais.notifications.phone import is_mobile, normalize_phone

        sms_phone = normalize_phone(sms_phone or person.phone)
        if not is_mobile(sms_phone):
            raise ValidationError(_("Ce numéro ne peut pas recevoir de SMS : indiquez un numéro de portable (06 ou 07)."))
    consent_text = consent_text_current()
    if renewed_from is not None and (renewed_from.organisation_id != organisation.pk or renewed_from.person_id != person.pk):
        raise ValidationError(_("Le mandat à renouveler ne correspond pas."))
    mandate = Mandate.objects.create(
        organisation=organisation,
        person=person,
        created_by=actor,
        consent_method=consent_method,
        consent_text=consent_text,
        duration_days=duration_days,
        sms_phone=sms_phone if consent_method == ConsentMethod.SMS else "",
        renewed_from=renewed_from,
    )
    Authorisation.objects.bulk_create([Authorisation(mandate=mandate, category=c) for c in categories])
    journal_record(
        action="mandate.requested",
        actor=actor,
        organisation=organisation,
        person=person,
        mandate=mandate,
        obj=mandate,
        details={"categories": categories, "duration_days": duration_days, "consent_method": consent_method,
                 "consent_text": consent_text.version, "renewed_from": renewed_from.pk if renewed_from else None},
    )
    if consent_method == ConsentMethod.ACCOUNT:
        _notify_consent_request(mandate)
    return mandate


def _notify_consent_request(mandate: Mandate) -> None:
    from relais.notifications.services import notify_on_commit

    person = mandate.person
    with translation.override(person.language or "fr"):
        notify_on_commit(
            event="mandate_consent_request",
            key=f"mandate-{mandate.pk}-consent-request",
            person=person,
            subject=_("%(org)s vous demande votre accord") % {"org": mandate.organisation.name},
            body=_(
                "%(org)s vous demande votre accord pour faire des démarches à votre place. "
                "Ouvrez votre espace Relais pour lire ce qui est demandé et répondre."
            ) % {"org": mandate.organisation.name},
            sms=_("Relais : %(org)s demande votre accord. Répondez dans votre espace.") % {"org": mandate.organisation.name},
            link="/mandats/mes-mandats/",
        )


def _pending(mandate: Mandate) -> Mandate:
    mandate = Mandate.objects.select_for_update().select_related("organisation", "person").get(pk=mandate.pk)
    if mandate.state != MandateState.PENDING:
        raise TransitionError(_("Ce mandat n'attend plus de consentement."))
    return mandate


# --- Consent: SMS one-time code -----------------------------------------------------------------


@dataclass
class CodeCheck:
    ok: bool
    message: str = ""


@transaction.atomic
def mandate_sms_code_send(*, mandate: Mandate, actor: User) -> None:
    """Send a new 6-digit code by SMS; only its hash is kept; valid 10 minutes."""
    from relais.notifications.backends import DeliveryError, send_sms

    mandate = _pending(mandate)
    _require_helper_of(actor, mandate.organisation)
    if mandate.consent_method != ConsentMethod.SMS:
        raise ValidationError(_("Ce mandat n'utilise pas le code par SMS."))
    if mandate.sms_code_sent_count >= settings.MANDATE_SMS_CODE_MAX_SENDS:
        raise ValidationError(_("Trop de codes envoyés. Choisissez l'attestation papier ou recommencez plus tard."))
    code = f"{secrets.randbelow(1_000_000):06d}"
    mandate.sms_code_hash = _secret_hash(f"mandate-{mandate.pk}-{code}")
    mandate.sms_code_expires_at = timezone.now() + dt.timedelta(seconds=settings.MANDATE_SMS_CODE_TTL_SECONDS)
    mandate.sms_code_attempts = 0
    mandate.sms_code_sent_count += 1
    mandate.save(update_fields=["sms_code_hash", "sms_code_expires_at", "sms_code_attempts", "sms_code_sent_count"])
    with translation.override(mandate.person.language or "fr"):
        text = _(
            "Relais : votre code d'accord pour le mandat avec %(org)s est %(code)s. Donnez-le à votre aidant "
            "seulement si vous êtes d'accord. Il ne sert qu'une fois."
        ) % {"org": mandate.organisation.name, "code": code}
    try:
        send_sms(to=mandate.sms_phone, text=text, idempotency_key=f"mandate-{mandate.pk}-code-{mandate.sms_code_sent_count}")
    except DeliveryError as exc:
        raise ValidationError(_("Le SMS n'a pas pu être envoyé. Réessayez ou choisissez l'attestation papier.")) from exc
    journal_record(
        action="mandate.consent_code_sent", actor=actor, organisation=mandate.organisation_id, person=mandate.person_id,
        mandate=mandate, obj=mandate, details={"phone_end": mandate.sms_phone[-2:]},
    )


@transaction.atomic
def mandate_sms_code_verify(*, mandate: Mandate, actor: User, code: str) -> CodeCheck:
    mandate = _pending(mandate)
    _require_helper_of(actor, mandate.organisation)
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if not mandate.sms_code_hash:
        return CodeCheck(False, _("Envoyez d'abord le code par SMS."))
    if mandate.sms_code_attempts >= settings.MANDATE_SMS_CODE_MAX_ATTEMPTS:
        return CodeCheck(False, _("Trop d'essais. Envoyez un nouveau code."))
    if mandate.sms_code_expires_at is None or mandate.sms_code_expires_at <= timezone.now():
        return CodeCheck(False, _("Ce code a expiré (10 minutes). Envoyez un nouveau code."))
    if not hmac.compare_digest(mandate.sms_code_hash, _secret_hash(f"mandate-{mandate.pk}-{code}")):
        mandate.sms_code_attempts += 1
        mandate.save(update_fields=["sms_code_attempts"])
        left = settings.MANDATE_SMS_CODE_MAX_ATTEMPTS - mandate.sms_code_attempts
        return CodeCheck(False, _("Ce code n'est pas le bon. Essais restants : %(left)s.") % {"left": left})
    mandate.sms_code_hash = ""
    mandate.consented_at = timezone.now()
    mandate.save(update_fields=["sms_code_hash", "consented_at"])
    journal_record(
        action="mandate.consented", actor=actor, organisation=mandate.organisation_id, person=mandate.person_id,
        mandate=mandate, obj=mandate, details={"method": "sms"},
    )
    return CodeCheck(True)


# --- Consent: the person accepts on their own account ------------------------------------------


@transaction.atomic
def mandate_consent_by_account(*, mandate: Mandate, user: User, accept: bool) -> Mandate:
    mandate = _pending(mandate)
    policy.require(user, "mandate.consent", mandate, message=_("Cette demande ne vous concerne pas."))
    if mandate.consent_method != ConsentMethod.ACCOUNT:
        raise ValidationError(_("Cette demande n'attend pas de réponse de votre part."))
    if not accept:
        return mandate_transition(mandate, to=MandateState.ABANDONED, actor=user, details={"reason": "refused_by_person"})
    mandate.consented_at = timezone.now()
    mandate.save(update_fields=["consented_at"])
    journal_record(
        action="mandate.consented", actor=user, organisation=mandate.organisation_id, person=mandate.person_id,
        mandate=mandate, obj=mandate, details={"method": "account"},
    )
    return mandate


# --- Consent: signed paper attestation ----------------------------------------------------------


def check_attestation_file(upload) -> str:
    """Return the content type of a signed attestation (PDF, JPEG or PNG), or raise ValidationError."""
    if upload is None:
        raise ValidationError(_("Ajoutez la photo ou le scan de l'attestation signée."))
    if upload.size > ATTESTATION_MAX_BYTES:
        raise ValidationError(_("Le fichier est trop lourd (10 Mo au plus). Prenez une photo moins grande."))
    if upload.size == 0:
        raise ValidationError(_("Le fichier est vide."))
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type in ATTESTATION_TYPES.items():
        if head.startswith(magic):
            return content_type
    raise ValidationError(_("Ce fichier n'est pas un PDF, une photo JPEG ou PNG. Scannez ou photographiez l'attestation."))


@transaction.atomic
def mandate_attestation_upload(*, mandate: Mandate, actor: User, upload) -> Mandate:
    mandate = _pending(mandate)
    _require_helper_of(actor, mandate.organisation)
    if mandate.consent_method != ConsentMethod.PAPER:
        raise ValidationError(_("Ce mandat n'utilise pas l'attestation papier."))
    content_type = check_attestation_file(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[content_type]
    mandate.signed_attestation.save(f"attestation.{extension}", upload, save=False)
    mandate.signed_attestation_type = content_type
    mandate.consented_at = timezone.now()
    mandate.save(update_fields=["signed_attestation", "signed_attestation_type", "consented_at"])
    journal_record(
        action="mandate.consented", actor=actor, organisation=mandate.organisation_id, person=mandate.person_id,
        mandate=mandate, obj=mandate, details={"method": "paper", "sha256": digest.hexdigest(), "type": content_type},
    )
    return mandate


# --- The helper confirms with TOTP --------------------------------------------------------------


def verify_helper_totp(*, user: User, token: str) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    token = "".join(ch for ch in (token or "") if ch.isdigit())
    if len(token) != 6:
        return False
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return True
    return False


@transaction.atomic
def mandate_confirm(*, mandate: Mandate, actor: User, totp_token: str) -> Mandate:
    """The helper confirms with their own TOTP code: the mandate becomes active."""
    mandate = _pending(mandate)
    _require_helper_of(actor, mandate.organisation)
    if mandate.consented_at is None:
        raise ValidationError(_("La personne n'a pas encore donné son accord."))
    if not verify_helper_totp(user=actor, token=totp_token):
        raise ValidationError(_("Ce code de double authentification n'est pas bon. Regardez votre application et réessayez."))
    return mandate_transition(mandate, to=MandateState.ACTIVE, actor=actor, details={"method": mandate.consent_method})


@transaction.atomic
def mandate_abandon(*, mandate: Mandate, actor: User) -> Mandate:
    mandate = _pending(mandate)
    _require_helper_of(actor, mandate.organisation)
    return mandate_transition(mandate, to=MandateState.ABANDONED, actor=actor, details={"reason": "abandoned_by_helper"})


# --- Revocation ---------------------------------------------------------------------------------


@transaction.atomic
def authorisation_revoke(*, mandate: Mandate, category: str, actor: User) -> Mandate:
    """Revoke one category; nothing else changes, unless it was the last one (then the mandate is revoked)."""
    mandate = Mandate.objects.select_for_update().select_related("organisation", "person").get(pk=mandate.pk)
    policy.require(actor, "mandate.revoke", mandate, message=_("Seule la personne concernée peut retirer son accord."))
    if mandate.state != MandateState.ACTIVE:
        raise TransitionError(_("Ce mandat n'est plus actif."))
    authorisation = mandate.authorisations.filter(category=category, revoked_at__isnull=True).first()
    if authorisation is None:
        raise ValidationError(_("Ce domaine n'est pas (ou plus) dans ce mandat."))
    now = timezone.now()
    authorisation.revoked_at = now
    authorisation.revoked_by = actor
    authorisation.save(update_fields=["revoked_at", "revoked_by"])
    journal_record(
        action="mandate.authorisation_revoked", actor=actor, organisation=mandate.organisation_id,
        person=mandate.person_id, mandate=mandate, obj=authorisation, details={"category": category},
    )
    if not mandate.authorisations.filter(revoked_at__isnull=True).exists():
        return mandate_transition(mandate, to=MandateState.REVOKED, actor=actor, details={"reason": "last_category"})
    _notify_category_revoked(mandate, category, now)
    return mandate


def _notify_category_revoked(mandate: Mandate, category: str, at) -> None:
    from relais.notifications.services import notify_on_commit

    label = MandateCategory(category).label
    person = mandate.person
    with translation.override(person.language or "fr"):
        notify_on_commit(
            event="mandate_category_revoked",
            key=f"mandate-{mandate.pk}-revoked-{category}",
            person=person,
            subject=_("Accord retiré pour « %(cat)s »") % {"cat": label},
            body=_(
                "Vous avez retiré votre accord pour le domaine « %(cat)s » : %(org)s ne peut plus faire de démarches "
                "pour vous dans ce domaine, à partir de maintenant. Les autres domaines de votre mandat ne changent pas."
            ) % {"cat": label, "org": mandate.organisation.name},
            sms=_("Relais : accord retiré pour « %(cat)s » avec %(org)s.") % {"cat": label, "org": mandate.organisation.name},
            link="/mandats/mes-mandats/",
        )
    helper = mandate.created_by
    if helper is not None:
        with translation.override(helper.language or "fr"):
            notify_on_commit(
                event="mandate_category_revoked_helper",
                key=f"mandate-{mandate.pk}-revoked-{category}-helper",
                user=helper,
                subject=_("Accord retiré par %(person)s") % {"person": person},
                body=_("%(person)s a retiré son accord pour le domaine « %(cat)s » le %(date)s.")
                % {"person": person, "cat": label, "date": formats.date_format(timezone.localtime(at), "j F Y")},
                link=f"/mandats/aidant/mandats/{mandate.pk}/",
            )


@transaction.atomic
def mandate_revoke(*, mandate: Mandate, actor: User) -> Mandate:
    """Revoke the whole mandate (every category), immediately."""
    policy.require(actor, "mandate.revoke", mandate, message=_("Seule la personne concernée peut retirer son accord."))
    return mandate_transition(mandate, to=MandateState.REVOKED, actor=actor, details={"reason": "revoked_by_person"})


# --- Expiry -------------------------------------------------------------------------------------


def mandates_expire(*, at: dt.datetime | None = None) -> int:
    """Move every mandate past its end date to `expired` (each in its own transaction)."""
    count = 0
    for mandate in Mandate.objects.overdue(at=at).only("pk"):
        try:
            mandate_transition(mandate, to=MandateState.EXPIRED, actor=None)
        except TransitionError:
            continue  # changed meanwhile (revoked)
        count += 1
    return count


def mandates_expiry_reminders(*, days: int = 15, at: dt.datetime | None = None) -> int:
    """Remind the helper who created each mandate ending within `days` (once per mandate)."""
    from relais.mandates.selectors import expiring_mandates
    from relais.notifications.services import notify_on_commit

    count = 0
    for mandate in expiring_mandates(days=days):
        helper = mandate.created_by
        if helper is None:
            continue
        with transaction.atomic(), translation.override(helper.language or "fr"):
            end = formats.date_format(timezone.localtime(mandate.expires_at), "j F Y")
            notify_on_commit(
                event="mandate_expiry_reminder",
                key=f"mandate-{mandate.pk}-expiry-reminder",
                user=helper,
                subject=_("Le mandat de %(person)s se termine le %(date)s") % {"person": mandate.person, "date": end},
                body=_(
                    "Le mandat de %(person)s avec %(org)s se termine le %(date)s. Si la personne est d'accord, "
                    "vous pouvez le renouveler depuis votre espace aidant."
                ) % {"person": mandate.person, "org": mandate.organisation.name, "date": end},
                link=f"/mandats/aidant/mandats/{mandate.pk}/renouveler/",
            )
        count += 1
    return count


# --- Checking a printed fingerprint -------------------------------------------------------------


@dataclass
class FingerprintCheck:
    found: bool
    matches: bool
    mandate: Mandate | None = None


def mandate_fingerprint_check(*, fingerprint: str) -> FingerprintCheck:
    from relais.mandates.selectors import mandate_by_fingerprint

    cleaned = "".join(ch for ch in (fingerprint or "").lower() if ch in "0123456789abcdef")
    mandate = mandate_by_fingerprint(cleaned) if len(cleaned) == 64 else None
    if mandate is None:
        return FingerprintCheck(False, False)
    return FingerprintCheck(True, fingerprint_matches(mandate), mandate)


# --- Acting for a person ------------------------------------------------------------------------


@transaction.atomic
def acting_start(*, actor: User, person: Person, category: str, organisation=None) -> Mandate:
    """Check the mandate through the policy and journal the start of acting for the person."""
    from relais.mandates.selectors import active_mandate_for

    organisation = organisation or getattr(getattr(actor, "active_membership", None), "organisation", None)
    decision = policy.decide(actor, "mandate.act", person, category=category, organisation=organisation)
    if not decision:
        raise policy.Refused(decision.reason)
    mandate = active_mandate_for(organisation=organisation, person=person, category=category)
    journal_record(
        action="mandate.acting_started", actor=actor, organisation=organisation, person=person,
        on_behalf_of=person, mandate=mandate, obj=mandate, details={"category": category},
    )
    return mandate


def acting_record(*, actor: User, mandate: Mandate, action: str, obj=None, details: dict | None = None) -> None:
    """Journal one action done for the person under the mandate (for callers without their own entry)."""
    journal_record(
        action=action, actor=actor, organisation=mandate.organisation_id, person=mandate.person_id,
        on_behalf_of=mandate.person_id, mandate=mandate, obj=obj, details=details or {},
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
        from relais.notifications.phone import normalize_phone

        phone = normalize_phone(phone)
    if preferred_channel == Channel.SMS and not phone:
        raise ValidationError(_("Pour recevoir les messages par SMS, indiquez un numéro de portable."))
    code = _new_claim_code()
    person = Person.objects.create(
        first_name=first_name.strip(), last_name=last_name.strip(), birth_date=birth_date, phone=phone,
        preferred_channel=preferred_channel, created_by_organisation=organisation, claim_code_hash=_claim_hash(code),
    )
    journal_record(
        action="person.record_created", actor=actor, organisation=organisation, person=person, obj=person,
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
    journal_record(action="person.claim_code_renewed", actor=actor, organisation=organisation, person=person, obj=person)
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
        raise ValidationError(_("Ce code ou cette date de naissance ne correspondent pas. Vérifiez le papier donné par votre aidant."))
    email = (email or "").strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("Un compte existe déjà avec cette adresse. Connectez-vous, ou utilisez une autre adresse."))
    from django.contrib.auth.password_validation import validate_password

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


# --- Accompaniment sessions ---------------------------------------------------------------------


@transaction.atomic
def accompaniment_record(
    *,
    actor: User,
    organisation,
    happened_on: dt.date,
    duration_minutes: int,
    themes: list[str],
    outcome: str,
    notes: str = "",
    person: Person | None = None,
) -> AccompanimentSession:
    _require_helper_of(actor, organisation)
    themes = sorted(set(themes or []))
    if not themes:
        raise ValidationError(_("Choisissez au moins un thème."))
    if any(t not in AccompanimentTheme.values for t in themes):
        raise ValidationError(_("Thème inconnu."))
    if outcome not in AccompanimentOutcome.values:
        raise ValidationError(_("Choisissez le résultat."))
    if not duration_minutes or duration_minutes <= 0 or duration_minutes > 24 * 60:
        raise ValidationError(_("Indiquez une durée en minutes (entre 1 et 1440)."))
    if happened_on > timezone.localdate():
        raise ValidationError(_("La date ne peut pas être dans le futur."))
    session = AccompanimentSession.objects.create(
        organisation=organisation, helper=actor, person=person, happened_on=happened_on,
        duration_minutes=duration_minutes, themes=themes, outcome=outcome, notes=notes.strip(),
    )
    journal_record(
        action="accompaniment.recorded", actor=actor, organisation=organisation, person=person, obj=session,
        details={"themes": themes, "outcome": outcome, "anonymous": person is None},
    )
    return session
