"""Revocation, expiry and the check of a printed fingerprint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
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
    RevocationReason,
)
from relais.mandates.selectors import EXPIRY_WARNING_DAYS, mandate_by_fingerprint
from relais.mandates.states import TransitionError, fingerprint_matches, mandate_transition, person_reachable
from relais.notifications.services import notify_on_commit
from relais.organisations.models import MandateCategory

# --- Revocation ---------------------------------------------------------------------------------


@transaction.atomic
def authorisation_revoke(*, mandate: Mandate, category: str, actor: User) -> Mandate:
    """The person revokes one category; nothing else changes, unless it was the last one (then the
    mandate is revoked)."""
    policy.require(actor, "mandate.revoke", mandate, message=_("Seule la personne concernée peut retirer son accord."))
    return _authorisation_revoke(mandate=mandate, category=category, actor=actor)


def _authorisation_revoke(*, mandate: Mandate, category: str, actor: User, reason: str = "", note: str = ""):
    mandate = Mandate.objects.select_for_update().select_related("organisation", "person").get(pk=mandate.pk)
    if mandate.state != MandateState.ACTIVE:
        raise TransitionError(_("Ce mandat n'est plus actif."))
    authorisation = mandate.authorisations.filter(category=category, revoked_at__isnull=True).first()
    if authorisation is None:
        raise ValidationError(_("Ce domaine n'est pas (ou plus) dans ce mandat."))
    now = timezone.now()
    authorisation.revoked_at = now
    authorisation.revoked_by = actor
    authorisation.revocation_reason = reason
    authorisation.revocation_note = note
    authorisation.save(update_fields=["revoked_at", "revoked_by", "revocation_reason", "revocation_note"])
    extra = {"revocation_reason": reason, "note": note} if reason else {}
    journal_record(
        action="mandate.authorisation_revoked",
        actor=actor,
        organisation=mandate.organisation_id,
        person=mandate.person_id,
        mandate=mandate,
        obj=authorisation,
        details={"category": category, **extra},
    )
    if not mandate.authorisations.filter(revoked_at__isnull=True).exists():
        return mandate_transition(
            mandate, to=MandateState.REVOKED, actor=actor, details={"reason": "last_category", **extra}
        )
    _notify_category_revoked(mandate, category, now, by_organisation=bool(reason), actor=actor)
    return mandate


def _notify_category_revoked(mandate: Mandate, category: str, at, *, by_organisation: bool, actor) -> None:
    label = MandateCategory(category).label
    person = mandate.person
    org = mandate.organisation.name
    if person_reachable(person):
        with translation.override(person.language or "fr"):
            if by_organisation:
                subject = _("%(org)s a retiré le domaine « %(cat)s » de votre mandat") % {"cat": label, "org": org}
                body = _(
                    "%(org)s ne peut plus faire de démarches pour vous dans le domaine « %(cat)s », à partir de "
                    "maintenant. Les autres domaines de votre mandat ne changent pas."
                ) % {"cat": label, "org": org}
            else:
                subject = _("Accord retiré pour « %(cat)s »") % {"cat": label}
                body = _(
                    "Vous avez retiré votre accord pour le domaine « %(cat)s » : %(org)s ne peut plus faire de "
                    "démarches pour vous dans ce domaine, à partir de maintenant. Les autres domaines de votre mandat "
                    "ne changent pas."
                ) % {"cat": label, "org": org}
            notify_on_commit(
                event="mandate_category_revoked",
                key=f"mandate-{mandate.pk}-revoked-{category}",
                person=person,
                subject=subject,
                body=body,
                sms=_("Relais : accord retiré pour « %(cat)s » avec %(org)s.") % {"cat": label, "org": org},
                link="/mandats/mes-mandats/",
            )
    helper = mandate.created_by
    if helper is not None and helper.pk != getattr(actor, "pk", None):
        with translation.override(helper.language or "fr"):
            notify_on_commit(
                event="mandate_category_revoked_helper",
                key=f"mandate-{mandate.pk}-revoked-{category}-helper",
                user=helper,
                subject=_("Accord retiré : %(person)s") % {"person": person},
                body=_("L'accord de %(person)s pour le domaine « %(cat)s » est retiré depuis le %(date)s.")
                % {"person": person, "cat": label, "date": date_words(at)},
                link=f"/mandats/aidant/mandats/{mandate.pk}/",
            )


@transaction.atomic
def mandate_revoke(*, mandate: Mandate, actor: User) -> Mandate:
    """The person revokes the whole mandate (every category), immediately."""
    policy.require(actor, "mandate.revoke", mandate, message=_("Seule la personne concernée peut retirer son accord."))
    return mandate_transition(mandate, to=MandateState.REVOKED, actor=actor, details={"reason": "revoked_by_person"})


@transaction.atomic
def mandate_revoke_by_organisation(
    *, mandate: Mandate, actor: User, reason: str, note: str = "", category: str | None = None
) -> Mandate:
    """A helper or manager of the mandate's organisation withdraws it (whole, or one `category`),
    with a reason (« la personne l'a demandé au guichet »...). Journaled with the reason; the person
    is told in their channel, unless the organisation itself is that channel (then it hands over the
    printed attestation of revocation)."""
    policy.require(actor, "mandate.revoke_by_organisation", mandate)
    note = (note or "").strip()
    if reason not in RevocationReason.values:
        raise ValidationError(_("Choisissez la raison du retrait."))
    if reason == RevocationReason.OTHER and not note:
        raise ValidationError(_("Précisez la raison du retrait."))
    if len(note) > 500:
        raise ValidationError(_("Les précisions tiennent en 500 caractères au plus."))
    if category:
        return _authorisation_revoke(mandate=mandate, category=category, actor=actor, reason=reason, note=note)
    return mandate_transition(
        mandate,
        to=MandateState.REVOKED,
        actor=actor,
        details={"reason": "revoked_by_organisation", "revocation_reason": reason, "note": note},
    )


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


def reminder_days() -> int:
    return int(getattr(settings, "MANDATE_EXPIRY_REMINDER_DAYS", EXPIRY_WARNING_DAYS))


def mandates_expiry_reminders(*, days: int | None = None, at: dt.datetime | None = None) -> int:
    """Remind the person and the helper who created each mandate ending within `days` (the
    MANDATE_EXPIRY_REMINDER_DAYS setting, 15 by default), once per mandate: the mandate is claimed
    by one conditional UPDATE of `expiry_reminded_at`, so two workers never both send it."""
    days = reminder_days() if days is None else days
    at = at or timezone.now()
    count = 0
    for mandate in Mandate.objects.expiring_within(days=days, at=at).filter(expiry_reminded_at__isnull=True):
        with transaction.atomic():
            claimed = Mandate.objects.filter(pk=mandate.pk, expiry_reminded_at__isnull=True).update(
                expiry_reminded_at=at
            )
            if not claimed:
                continue  # another worker reminded it meanwhile
            mandate = Mandate.objects.select_related("organisation", "person", "created_by").get(pk=mandate.pk)
            _remind_person(mandate)
            _remind_helper(mandate)
            journal_record(
                action="mandate.expiry_reminded",
                actor=None,
                organisation=mandate.organisation_id,
                person=mandate.person_id,
                mandate=mandate,
                obj=mandate,
                details={"expires_at": mandate.expires_at.isoformat(), "days": days},
            )
        count += 1
    return count


def _remind_person(mandate: Mandate) -> None:
    person = mandate.person
    if not person_reachable(person):
        return  # the organisation is the person's channel: its helper gets the reminder below
    with translation.override(person.language or "fr"):
        end = date_words(mandate.expires_at)
        org = mandate.organisation.name
        notify_on_commit(
            event="mandate_expiry_reminder_person",
            key=f"mandate-{mandate.pk}-expiry-reminder-person",
            person=person,
            subject=_("Votre mandat avec %(org)s se termine le %(date)s") % {"org": org, "date": end},
            body=_(
                "Le mandat que vous avez donné à %(org)s se termine le %(date)s. Après cette date, la structure ne "
                "pourra plus faire de démarches pour vous. Si vous voulez continuer, demandez-lui de le renouveler : "
                "il faudra votre accord."
            )
            % {"org": org, "date": end},
            sms=_("Relais : votre mandat avec %(org)s se termine le %(date)s.") % {"org": org, "date": end},
            link="/mandats/mes-mandats/",
        )


def _remind_helper(mandate: Mandate) -> None:
    helper = mandate.created_by
    if helper is None:
        return
    with translation.override(helper.language or "fr"):
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
