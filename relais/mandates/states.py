"""The mandate lifecycle: one table of allowed transitions, one function that applies them.

    pending_consent ──confirm──▶ active ──▶ expired   (end date passed)
           │                       └──────▶ revoked   (the person, or the organisation at their request)
           └──abandon──▶ abandoned                     (consent never given)

`mandate_transition` is the only code that assigns `Mandate.state`: it checks the transition,
sets the dates, computes the fingerprint on activation, journals (with `mandate=`) and notifies
the person and the helper after commit."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from relais.accounts.models import Channel
from relais.core.errors import DomainError
from relais.core.formats import date_words
from relais.journal.services import journal_record
from relais.mandates.models import Mandate, MandateState
from relais.notifications.services import notify_on_commit


class TransitionError(DomainError):
    """A transition not allowed from the mandate's current state (message in plain French)."""


TRANSITIONS: dict[str, set[str]] = {
    MandateState.PENDING: {MandateState.ACTIVE, MandateState.ABANDONED},
    MandateState.ACTIVE: {MandateState.EXPIRED, MandateState.REVOKED},
    MandateState.EXPIRED: set(),
    MandateState.REVOKED: set(),
    MandateState.ABANDONED: set(),
}

JOURNAL_ACTIONS = {
    MandateState.ACTIVE: "mandate.activated",
    MandateState.ABANDONED: "mandate.abandoned",
    MandateState.EXPIRED: "mandate.expired",
    MandateState.REVOKED: "mandate.revoked",
}


def fingerprint_salt() -> bytes:
    return settings.MANDATE_FINGERPRINT_SALT.encode("utf-8")


def fingerprint_payload(mandate: Mandate) -> str:
    """Canonical text over organisation, helper, person, categories, dates and consent-text version."""
    payload = {
        "mandate": mandate.pk,
        "organisation": mandate.organisation_id,
        "helper": mandate.confirmed_by_id,
        "person": mandate.person_id,
        "categories": mandate.all_categories(),
        "starts_at": mandate.starts_at.astimezone(dt.UTC).isoformat(timespec="seconds") if mandate.starts_at else None,
        "expires_at": mandate.expires_at.astimezone(dt.UTC).isoformat(timespec="seconds")
        if mandate.expires_at
        else None,
        "consent_text": mandate.consent_text.version,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"))


def compute_fingerprint(mandate: Mandate) -> str:
    """Salted SHA-256 (HMAC with the fingerprint salt) of the canonical payload, 64 hex characters."""
    return hmac.new(fingerprint_salt(), fingerprint_payload(mandate).encode("utf-8"), hashlib.sha256).hexdigest()


def fingerprint_matches(mandate: Mandate) -> bool:
    return bool(mandate.fingerprint) and hmac.compare_digest(mandate.fingerprint, compute_fingerprint(mandate))


def format_fingerprint(fingerprint: str) -> str:
    """Groups of 4 for reading aloud or copying from paper."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def _date(value) -> str:
    return date_words(value)


def _messages(mandate: Mandate, to: str) -> dict | None:
    """Plain-language notification to the person (in their language), or None."""
    org = mandate.organisation.name
    categories = ", ".join(mandate.category_labels(only_active=False))
    if to == MandateState.ACTIVE:
        return {
            "subject": _("Vous avez donné un mandat à %(org)s") % {"org": org},
            "body": _(
                "Vous avez donné votre accord pour que %(org)s fasse des démarches pour vous, dans ces domaines : "
                "%(cats)s, jusqu'au %(end)s. Vous pouvez retirer votre accord à tout moment dans votre espace Relais."
            )
            % {"org": org, "cats": categories, "end": _date(mandate.expires_at)},
            "sms": _("Relais : mandat donné à %(org)s jusqu'au %(end)s. Retrait possible à tout moment.")
            % {"org": org, "end": _date(mandate.expires_at)},
        }
    if to == MandateState.REVOKED and by_organisation(mandate):
        return {
            "subject": _("Votre mandat avec %(org)s est retiré") % {"org": org},
            "body": _(
                "%(org)s a retiré le mandat que vous lui aviez donné (raison : %(reason)s). La structure ne peut "
                "plus faire de démarches pour vous, à partir de maintenant. Vous pouvez lui demander une "
                "attestation de ce retrait."
            )
            % {"org": org, "reason": mandate.get_revocation_reason_display().lower()},
            "sms": _("Relais : %(org)s a retiré votre mandat, tout de suite.") % {"org": org},
        }
    if to == MandateState.REVOKED:
        return {
            "subject": _("Votre mandat avec %(org)s est retiré") % {"org": org},
            "body": _(
                "Vous avez retiré votre accord : %(org)s ne peut plus faire de démarches pour vous. "
                "Ce retrait compte tout de suite."
            )
            % {"org": org},
            "sms": _("Relais : votre mandat avec %(org)s est retiré, tout de suite.") % {"org": org},
        }
    if to == MandateState.EXPIRED:
        return {
            "subject": _("Votre mandat avec %(org)s est terminé") % {"org": org},
            "body": _(
                "Le mandat donné à %(org)s a pris fin le %(end)s. La structure ne peut plus faire de démarches pour "
                "vous. "
                "Si vous le souhaitez, vous pouvez lui redonner votre accord."
            )
            % {"org": org, "end": _date(mandate.expires_at)},
            "sms": _("Relais : votre mandat avec %(org)s est terminé.") % {"org": org},
        }
    return None


def by_organisation(mandate: Mandate) -> bool:
    """True when a professional of the organisation withdrew the mandate (not the person, not an erasure)."""
    return mandate.revoked_by_id is not None and not mandate.revoked_by_person


def person_reachable(person) -> bool:
    """False for a person without an account who is reached through the organisation itself: the
    organisation hands them the printed attestation instead of writing to itself."""
    return not (person.user_id is None and person.preferred_channel == Channel.ORGANISATION)


def _notify_person(mandate: Mandate, to: str) -> None:
    person = mandate.person
    if to == MandateState.REVOKED and not person_reachable(person):
        return  # withdrawn at the desk: the helper hands over the printed attestation of revocation
    with translation.override(person.language or "fr"):
        texts = _messages(mandate, to)
        if texts is None:
            return
        notify_on_commit(
            event=f"mandate_{to}",
            key=f"mandate-{mandate.pk}-{to}",
            person=person,
            subject=texts["subject"],
            body=texts["body"],
            sms=texts["sms"],
            link="/mandats/mes-mandats/",
        )


def _notify_helper(mandate: Mandate, to: str) -> None:
    helper = mandate.created_by
    if helper is None or to not in (MandateState.REVOKED, MandateState.EXPIRED):
        return
    if to == MandateState.REVOKED and by_organisation(mandate) and mandate.revoked_by_id == helper.pk:
        return  # the helper withdrew it themself
    with translation.override(helper.language or "fr"):
        if to == MandateState.REVOKED and by_organisation(mandate):
            subject = _("Mandat retiré : %(person)s") % {"person": mandate.person}
            body = _("Le mandat de %(person)s avec %(org)s a été retiré par un membre de la structure.")
        elif to == MandateState.REVOKED:
            subject = _("Mandat retiré par %(person)s") % {"person": mandate.person}
            body = _("%(person)s a retiré le mandat donné à %(org)s. Vous ne pouvez plus agir pour cette personne.")
        else:
            subject = _("Mandat terminé : %(person)s") % {"person": mandate.person}
            body = _(
                "Le mandat de %(person)s avec %(org)s est arrivé à sa fin. Vous pouvez le renouveler avec son accord."
            )
        notify_on_commit(
            event=f"mandate_{to}_helper",
            key=f"mandate-{mandate.pk}-{to}-helper",
            user=helper,
            subject=subject,
            body=body % {"person": mandate.person, "org": mandate.organisation.name},
            link=f"/mandats/aidant/mandats/{mandate.pk}/",
        )


@transaction.atomic
def mandate_transition(mandate: Mandate, *, to: str, actor=None, details: dict | None = None) -> Mandate:
    """Apply one allowed transition; journal it with the mandate; notify after commit."""
    mandate = (
        Mandate.objects.select_for_update().select_related("organisation", "person", "consent_text").get(pk=mandate.pk)
    )
    if to not in TRANSITIONS.get(mandate.state, set()):
        raise TransitionError(
            _("Ce mandat est « %(state)s » : cette action n'est plus possible.")
            % {"state": mandate.get_state_display()}
        )
    now = timezone.now()
    if to == MandateState.ACTIVE:
        if mandate.consented_at is None:
            raise TransitionError(_("La personne n'a pas encore donné son accord."))
        mandate.starts_at = now.replace(microsecond=0)
        mandate.expires_at = mandate.starts_at + dt.timedelta(days=mandate.duration_days)
        mandate.confirmed_by = actor
        mandate.fingerprint = compute_fingerprint(mandate)
    elif to == MandateState.REVOKED:
        mandate.ended_at = now
        mandate.revoked_by = actor
        mandate.revocation_reason = (details or {}).get("revocation_reason", "")
        mandate.revocation_note = (details or {}).get("note", "")[:500]
        mandate.authorisations.filter(revoked_at__isnull=True).update(
            revoked_at=now,
            revoked_by=actor,
            revocation_reason=mandate.revocation_reason,
            revocation_note=mandate.revocation_note,
        )
    elif to in (MandateState.EXPIRED, MandateState.ABANDONED):
        mandate.ended_at = now
    previous = mandate.state
    mandate.state = to
    mandate.save()
    journal_record(
        action=JOURNAL_ACTIONS[to],
        actor=actor,
        organisation=mandate.organisation_id,
        person=mandate.person_id,
        mandate=mandate,
        obj=mandate,
        details={
            "from": previous,
            "to": to,
            "categories": mandate.all_categories(),
            "expires_at": mandate.expires_at.isoformat() if mandate.expires_at else None,
            **(details or {}),
        },
    )
    _notify_person(mandate, to)
    _notify_helper(mandate, to)
    return mandate
