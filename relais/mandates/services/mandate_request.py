"""Creating a mandate, pending the person's consent."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from relais.accounts.models import Person, User
from relais.core.phone import is_mobile, normalize_phone
from relais.journal.services import journal_record
from relais.mandates.consent_texts import TEXT_EN, TEXT_FR, VERSION_1
from relais.mandates.models import (
    Authorisation,
    ConsentMethod,
    ConsentText,
    Mandate,
    MandateDuration,
    MandateState,
)
from relais.mandates.services.common import (
    _require_helper_of,
)
from relais.mandates.states import TransitionError
from relais.notifications.services import notify_on_commit
from relais.organisations.models import MandateCategory

# --- Creating a mandate (pending consent) -------------------------------------------------------


def consent_text_current() -> ConsentText:
    """The latest published consent text (version 1 is (re)created from relais/mandates/consent_texts.py if absent)."""
    current = ConsentText.objects.current()
    if current is None:
        current, _created = ConsentText.objects.get_or_create(
            version=VERSION_1, defaults={"text_fr": TEXT_FR, "text_en": TEXT_EN}
        )
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
        raise ValidationError(
            _("Cette personne n'a pas de compte Relais : choisissez le code par SMS ou l'attestation papier.")
        )
    if consent_method == ConsentMethod.SMS:
        sms_phone = normalize_phone(sms_phone or person.phone)
        if not is_mobile(sms_phone):
            raise ValidationError(
                _("Ce numéro ne peut pas recevoir de SMS : indiquez un numéro de portable (06 ou 07).")
            )
    consent_text = consent_text_current()
    if renewed_from is not None and (
        renewed_from.organisation_id != organisation.pk or renewed_from.person_id != person.pk
    ):
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
        details={
            "categories": categories,
            "duration_days": duration_days,
            "consent_method": consent_method,
            "consent_text": consent_text.version,
            "renewed_from": renewed_from.pk if renewed_from else None,
        },
    )
    if consent_method == ConsentMethod.ACCOUNT:
        _notify_consent_request(mandate)
    return mandate


def _notify_consent_request(mandate: Mandate) -> None:
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
            )
            % {"org": mandate.organisation.name},
            sms=_("Relais : %(org)s demande votre accord. Répondez dans votre espace.")
            % {"org": mandate.organisation.name},
            link="/mandats/mes-mandats/",
        )


def _pending(mandate: Mandate) -> Mandate:
    mandate = Mandate.objects.select_for_update().select_related("organisation", "person").get(pk=mandate.pk)
    if mandate.state != MandateState.PENDING:
        raise TransitionError(_("Ce mandat n'attend plus de consentement."))
    return mandate
