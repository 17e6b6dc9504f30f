"""Recording the person's consent (SMS code, own account, signed attestation) and the helper's
confirmation with TOTP."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais import policy
from relais.accounts.models import User
from relais.journal.services import journal_record
from relais.mandates.models import (
    ConsentMethod,
    Mandate,
    MandateState,
)
from relais.mandates.services.common import (
    ATTESTATION_MAX_BYTES,
    ATTESTATION_TYPES,
    _require_helper_of,
    _secret_hash,
)
from relais.mandates.services.mandate_request import _pending
from relais.mandates.states import mandate_transition
from relais.notifications.backends import DeliveryError, send_sms

# --- Consent: SMS one-time code -----------------------------------------------------------------


@dataclass
class CodeCheck:
    ok: bool
    message: str = ""


@transaction.atomic
def mandate_sms_code_send(*, mandate: Mandate, actor: User) -> None:
    """Send a new 6-digit code by SMS; only its hash is kept; valid 10 minutes."""
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
        send_sms(
            to=mandate.sms_phone, text=text, idempotency_key=f"mandate-{mandate.pk}-code-{mandate.sms_code_sent_count}"
        )
    except DeliveryError as exc:
        raise ValidationError(
            _("Le SMS n'a pas pu être envoyé. Réessayez ou choisissez l'attestation papier.")
        ) from exc
    journal_record(
        action="mandate.consent_code_sent",
        actor=actor,
        organisation=mandate.organisation_id,
        person=mandate.person_id,
        mandate=mandate,
        obj=mandate,
        details={"phone_end": mandate.sms_phone[-2:]},
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
        action="mandate.consented",
        actor=actor,
        organisation=mandate.organisation_id,
        person=mandate.person_id,
        mandate=mandate,
        obj=mandate,
        details={"method": "sms"},
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
        return mandate_transition(
            mandate, to=MandateState.ABANDONED, actor=user, details={"reason": "refused_by_person"}
        )
    mandate.consented_at = timezone.now()
    mandate.save(update_fields=["consented_at"])
    journal_record(
        action="mandate.consented",
        actor=user,
        organisation=mandate.organisation_id,
        person=mandate.person_id,
        mandate=mandate,
        obj=mandate,
        details={"method": "account"},
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
    raise ValidationError(
        _("Ce fichier n'est pas un PDF, une photo JPEG ou PNG. Scannez ou photographiez l'attestation.")
    )


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
        action="mandate.consented",
        actor=actor,
        organisation=mandate.organisation_id,
        person=mandate.person_id,
        mandate=mandate,
        obj=mandate,
        details={"method": "paper", "sha256": digest.hexdigest(), "type": content_type},
    )
    return mandate


# --- The helper confirms with TOTP --------------------------------------------------------------


def verify_helper_totp(*, user: User, token: str) -> bool:
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
        raise ValidationError(
            _("Ce code de double authentification n'est pas bon. Regardez votre application et réessayez.")
        )
    return mandate_transition(mandate, to=MandateState.ACTIVE, actor=actor, details={"method": mandate.consent_method})


@transaction.atomic
def mandate_abandon(*, mandate: Mandate, actor: User) -> Mandate:
    mandate = _pending(mandate)
    _require_helper_of(actor, mandate.organisation)
    return mandate_transition(
        mandate, to=MandateState.ABANDONED, actor=actor, details={"reason": "abandoned_by_helper"}
    )
