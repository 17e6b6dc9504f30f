"""The follow-up lifecycle: one table of allowed transitions, one function that applies them.

    pending_consent ──activate──▶ active ──▶ expired   (end date passed)
           │                        └──────▶ revoked   (the person, or the organisation with a reason)
           └──abandon──▶ abandoned                      (consent never given)

`follow_up_transition` is the only code that assigns `FollowUp.state`: it checks the transition, sets
the dates, journals and notifies the person (and the helper who created it) after commit."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from relais.casefile.models import FollowUp, FollowUpState
from relais.core.errors import DomainError
from relais.core.formats import date_words
from relais.journal.services import journal_record
from relais.notifications.services import notify_on_commit

S = FollowUpState


class FollowUpTransitionError(DomainError):
    """A transition not allowed from the follow-up's current state (message in plain French)."""


TRANSITIONS: dict[str, set[str]] = {
    S.PENDING: {S.ACTIVE, S.ABANDONED},
    S.ACTIVE: {S.EXPIRED, S.REVOKED},
    S.EXPIRED: set(),
    S.REVOKED: set(),
    S.ABANDONED: set(),
}

JOURNAL_ACTIONS = {
    S.ACTIVE: "follow_up.activated",
    S.ABANDONED: "follow_up.abandoned",
    S.EXPIRED: "follow_up.expired",
    S.REVOKED: "follow_up.revoked",
}

PERSON_LINK = "/personnes/mes-suivis/"


def _person_texts(follow_up: FollowUp, to: str, *, by_person: bool, reason: str) -> dict | None:
    org = follow_up.organisation.name
    if to == S.ACTIVE:
        return {
            "subject": _("Vous êtes suivi par %(org)s") % {"org": org},
            "body": _(
                "Vous avez donné votre accord pour que %(org)s vous suive (%(cats)s) jusqu'au %(end)s. "
                "La structure ne peut pas agir à votre place. Vous pouvez retirer votre accord à tout moment "
                "dans votre espace Relais, « Mes suivis »."
            )
            % {"org": org, "cats": ", ".join(follow_up.category_labels()), "end": date_words(follow_up.expires_at)},
            "sms": _("Relais : suivi par %(org)s jusqu'au %(end)s. Retrait possible à tout moment.")
            % {"org": org, "end": date_words(follow_up.expires_at)},
        }
    if to == S.REVOKED and by_person:
        return {
            "subject": _("Votre suivi par %(org)s est arrêté") % {"org": org},
            "body": _(
                "Vous avez retiré votre accord : %(org)s ne voit plus votre dossier. Ce retrait compte tout de suite."
            )
            % {"org": org},
            "sms": _("Relais : votre suivi par %(org)s est arrêté, tout de suite.") % {"org": org},
        }
    if to == S.REVOKED:
        return {
            "subject": _("%(org)s a arrêté votre suivi") % {"org": org},
            "body": _("%(org)s a arrêté votre suivi et ne voit plus votre dossier. Motif donné : %(reason)s")
            % {"org": org, "reason": reason},
            "sms": _("Relais : %(org)s a arrêté votre suivi.") % {"org": org},
        }
    if to == S.EXPIRED:
        return {
            "subject": _("Votre suivi par %(org)s est terminé") % {"org": org},
            "body": _(
                "Le suivi par %(org)s a pris fin le %(end)s : la structure ne voit plus votre dossier. "
                "Si vous le souhaitez, vous pouvez lui redonner votre accord."
            )
            % {"org": org, "end": date_words(follow_up.expires_at)},
            "sms": _("Relais : votre suivi par %(org)s est terminé.") % {"org": org},
        }
    return None


def _notify(follow_up: FollowUp, to: str, *, by_person: bool, reason: str) -> None:
    person = follow_up.person
    if person.erased_at is None:
        with translation.override(person.language or "fr"):
            texts = _person_texts(follow_up, to, by_person=by_person, reason=reason)
            if texts is not None:
                notify_on_commit(
                    event=f"follow_up_{to}",
                    key=f"follow-up-{follow_up.pk}-{to}",
                    person=person,
                    subject=texts["subject"],
                    body=texts["body"],
                    sms=texts["sms"],
                    link=PERSON_LINK,
                )
    helper = follow_up.created_by
    if helper is not None and to in (S.REVOKED, S.EXPIRED) and by_person:
        with translation.override(helper.language or "fr"):
            notify_on_commit(
                event=f"follow_up_{to}_helper",
                key=f"follow-up-{follow_up.pk}-{to}-helper",
                user=helper,
                subject=_("Suivi arrêté par %(person)s") % {"person": person},
                body=_("%(person)s a retiré son accord de suivi à %(org)s : son dossier ne vous est plus visible.")
                % {"person": person, "org": follow_up.organisation.name},
                link="/mandats/aidant/",
            )


@transaction.atomic
def follow_up_transition(
    follow_up: FollowUp, *, to: str, actor=None, reason: str = "", by_person: bool = False, details: dict | None = None
) -> FollowUp:
    """Apply one allowed transition; journal it; notify after commit."""
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("organisation", "person", "consent_text", "created_by")
        .get(pk=follow_up.pk)
    )
    if to not in TRANSITIONS.get(follow_up.state, set()):
        raise FollowUpTransitionError(
            _("Ce suivi est « %(state)s » : cette action n'est plus possible.")
            % {"state": follow_up.get_state_display()}
        )
    now = timezone.now()
    if to == S.ACTIVE:
        if follow_up.consented_at is None:
            raise FollowUpTransitionError(_("La personne n'a pas encore donné son accord."))
        follow_up.starts_at = now.replace(microsecond=0)
        follow_up.expires_at = follow_up.starts_at + dt.timedelta(days=follow_up.duration_days)
    else:
        follow_up.ended_at = now
        follow_up.ended_by = actor
        follow_up.end_reason = reason
    previous = follow_up.state
    follow_up.state = to
    follow_up.save()
    journal_record(
        action=JOURNAL_ACTIONS[to],
        actor=actor,
        organisation=follow_up.organisation_id,
        person=follow_up.person_id,
        obj=follow_up,
        details={
            "from": previous,
            "to": to,
            "categories": follow_up.categories,
            "by": "person" if by_person else "organisation",
            **({"reason": reason} if reason else {}),
            **(details or {}),
        },
    )
    _notify(follow_up, to, by_person=by_person, reason=reason)
    return follow_up
