"""Revocation, expiry and the check of a printed fingerprint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from relais import policy
from relais.accounts.models import User
from relais.core.formats import date_words
from relais.journal.services import journal_record
from relais.mandates.models import (
    Mandate,
    MandateState,
)
from relais.mandates.selectors import expiring_mandates, mandate_by_fingerprint
from relais.mandates.states import TransitionError, fingerprint_matches, mandate_transition
from relais.notifications.services import notify_on_commit
from relais.organisations.models import MandateCategory

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
        action="mandate.authorisation_revoked",
        actor=actor,
        organisation=mandate.organisation_id,
        person=mandate.person_id,
        mandate=mandate,
        obj=authorisation,
        details={"category": category},
    )
    if not mandate.authorisations.filter(revoked_at__isnull=True).exists():
        return mandate_transition(mandate, to=MandateState.REVOKED, actor=actor, details={"reason": "last_category"})
    _notify_category_revoked(mandate, category, now)
    return mandate


def _notify_category_revoked(mandate: Mandate, category: str, at) -> None:
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
                "pour vous dans ce domaine, à partir de maintenant. Les autres domaines de votre mandat ne changent "
                "pas."
            )
            % {"cat": label, "org": mandate.organisation.name},
            sms=_("Relais : accord retiré pour « %(cat)s » avec %(org)s.")
            % {"cat": label, "org": mandate.organisation.name},
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
                % {"person": person, "cat": label, "date": date_words(at)},
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
    count = 0
    for mandate in expiring_mandates(days=days):
        helper = mandate.created_by
        if helper is None:
            continue
        with transaction.atomic(), translation.override(helper.language or "fr"):
            end = date_words(mandate.expires_at)
            notify_on_commit(
                event="mandate_expiry_reminder",
                key=f"mandate-{mandate.pk}-expiry-reminder",
                user=helper,
                subject=_("Le mandat de %(person)s se termine le %(date)s") % {"person": mandate.person, "date": end},
                body=_(
                    "Le mandat de %(person)s avec %(org)s se termine le %(date)s. Si la personne est d'accord, "
                    "vous pouvez le renouveler depuis votre espace aidant."
                )
                % {"person": mandate.person, "org": mandate.organisation.name, "date": end},
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
    cleaned = "".join(ch for ch in (fingerprint or "").lower() if ch in "0123456789abcdef")
    mandate = mandate_by_fingerprint(cleaned) if len(cleaned) == 64 else None
    if mandate is None:
        return FingerprintCheck(False, False)
    return FingerprintCheck(True, fingerprint_matches(mandate), mandate)
