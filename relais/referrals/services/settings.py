"""The service's referral settings, kept by the editors of its place."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from relais import policy
from relais.core.errors import DomainError
from relais.journal.services import journal_record
from relais.referrals.models import Delivery, ReferralSettings


@transaction.atomic
def referral_settings_save(
    *,
    actor,
    service,
    accepts_referrals: bool,
    documents_asked: str = "",
    conditions: str = "",
    requires_moderation: bool = False,
    delivery: str = Delivery.EMAIL,
    contact_email: str = "",
) -> ReferralSettings:
    policy.require(actor, "referrals.settings", service, message=_("Vous ne pouvez pas régler ce service."))
    if delivery == Delivery.INBOX and service.place.organisation_id is None:
        raise DomainError(_("Ce lieu n'est rattaché à aucune structure : choisissez la réception par courriel."))
    if accepts_referrals and delivery == Delivery.EMAIL and not (contact_email or service.email or service.place.email):
        raise DomainError(_("Donnez l'adresse électronique qui recevra les orientations."))
    conf, _created = ReferralSettings.objects.update_or_create(
        service=service,
        defaults={
            "accepts_referrals": accepts_referrals,
            "documents_asked": documents_asked.strip()[:2000],
            "conditions": conditions.strip()[:2000],
            "requires_moderation": requires_moderation,
            "delivery": delivery,
            "contact_email": contact_email.strip(),
            "updated_by": actor,
        },
    )
    journal_record(
        action="referral.settings_saved",
        actor=actor,
        organisation=service.place.organisation_id,
        obj=service,
        details={"accepts": accepts_referrals, "moderation": requires_moderation, "delivery": delivery},
    )
    return conf
