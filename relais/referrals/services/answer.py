"""What the receiving service does (open, accept, ask, refuse), what the referrer and the person do after
(reply, cancel), the moderation, and the signed link's renewal. Every access by the receiving service is
journaled (`referral.viewed_by_service`, `referral.attachment_opened`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.errors import DomainError
from relais.journal.services import journal_record
from relais.referrals import notices
from relais.referrals.models import (
    OPEN_STATES,
    Delivery,
    MessageAuthor,
    NextStep,
    Referral,
    ReferralAttachment,
    ReferralMessage,
    ReferralState,
    RefusalReason,
)
from relais.referrals.states import referral_transition

S = ReferralState
LINK = "link"
INBOX = "inbox"


class AnswerError(DomainError):
    """An answer that cannot be recorded as given (plain French)."""


def _service_org(referral: Referral):
    return referral.receiving_organisation_id


def _journal(action: str, referral: Referral, *, actor=None, organisation=None, via: str = "", **details) -> None:
    journal_record(
        action=action,
        actor=actor,
        organisation=organisation if organisation is not None else _service_org(referral),
        person=referral.person_id,
        obj=referral,
        details={"service": referral.service_name, "via": via, **details},
    )


@transaction.atomic
def referral_view_by_service(*, referral: Referral, via: str, actor=None) -> Referral:
    """The receiving service reads the referral (signed link or inbox): one journal entry every time (the first
    is the transition SENT → OPENED, `referral.opened`)."""
    referral.refresh_from_db(fields=["state"])
    if referral.state == S.SENT:  # the first reading is the opening: one entry, `referral.opened`
        return referral_transition(
            referral, to=S.OPENED, actor=actor, organisation=_service_org(referral), details={"via": via}
        )
    _journal("referral.viewed_by_service", referral, actor=actor, via=via)
    return referral


def _open_or_refuse(referral: Referral) -> None:
    if referral.state not in (S.SENT, S.OPENED):
        raise AnswerError(
            _("Cette orientation est « %(state)s » : elle n'attend plus de réponse.")
            % {"state": referral.get_state_display()}
        )


@transaction.atomic
def referral_accept(*, referral: Referral, next_step: str, message: str = "", via: str, actor=None) -> Referral:
    _open_or_refuse(referral)
    if next_step not in NextStep.values:
        raise AnswerError(_("Choisissez la suite proposée à la personne : rendez-vous, appel ou heures d'ouverture."))
    return referral_transition(
        referral,
        to=S.ACCEPTED,
        actor=actor,
        organisation=_service_org(referral),
        details={"via": via, "next_step": next_step},
        next_step=next_step,
        answer_message=message.strip()[:2000],
    )


@transaction.atomic
def referral_refuse(*, referral: Referral, reason: str, message: str = "", via: str, actor=None) -> Referral:
    _open_or_refuse(referral)
    if reason not in RefusalReason.values:
        raise AnswerError(_("Choisissez la raison du refus dans la liste."))
    if reason == RefusalReason.OTHER and not message.strip():
        raise AnswerError(_("Avec « Autre raison », écrivez la raison en quelques mots."))
    return referral_transition(
        referral,
        to=S.REFUSED,
        actor=actor,
        organisation=_service_org(referral),
        details={"via": via, "reason": reason},
        refusal_reason=reason,
        answer_message=message.strip()[:2000],
    )


@transaction.atomic
def referral_ask(*, referral: Referral, text: str, via: str, actor=None) -> ReferralMessage:
    """The service asks the referrer a question; the referral stays open."""
    _open_or_refuse(referral)
    if not text.strip():
        raise AnswerError(_("Écrivez votre question."))
    message = ReferralMessage.objects.create(
        referral=referral, author=MessageAuthor.SERVICE, text=text.strip()[:2000], created_at=timezone.now()
    )
    _journal("referral.question_asked", referral, actor=actor, via=via)
    notices.tell_referrer_question(referral, message.text)
    return message


@transaction.atomic
def referral_reply(*, referral: Referral, text: str, actor) -> ReferralMessage:
    """The referrer answers the service's question (the service gets a fresh link or an inbox notice)."""
    if referral.state not in OPEN_STATES:
        raise AnswerError(_("Cette orientation est close : le service ne lira plus de message."))
    if not text.strip():
        raise AnswerError(_("Écrivez votre réponse."))
    message = ReferralMessage.objects.create(
        referral=referral, author=MessageAuthor.REFERRER, text=text.strip()[:2000], created_at=timezone.now()
    )
    journal_record(
        action="referral.replied",
        actor=actor,
        organisation=referral.organisation_id,
        person=referral.person_id,
        obj=referral,
        details={"service": referral.service_name},
    )
    if referral.state != S.MODERATION:
        if referral.delivery == Delivery.EMAIL:
            _renew(referral)
        notices.tell_service(referral, reminder=True)
    return message


@transaction.atomic
def referral_cancel(*, referral: Referral, actor, by_person: bool) -> Referral:
    return referral_transition(
        referral,
        to=S.CANCELLED,
        actor=actor,
        organisation=None if by_person else referral.organisation_id,
        details={"by_person": by_person},
        cancelled_by_person=by_person,
    )


@transaction.atomic
def referral_moderate(*, referral: Referral, approve: bool, actor) -> Referral:
    if referral.state != S.MODERATION:
        raise AnswerError(_("Cette orientation a déjà été validée ou close."))
    if approve:
        return referral_transition(referral, to=S.SENT, actor=actor, organisation=_service_org(referral))
    return referral_transition(
        referral,
        to=S.REFUSED,
        actor=actor,
        organisation=_service_org(referral),
        details={"moderation": True},
        refusal_reason=RefusalReason.WRONG_SERVICE,
        answer_message=_("La structure du service n'a pas validé cette orientation."),
    )


def _renew(referral: Referral) -> None:
    Referral.objects.filter(pk=referral.pk).update(
        link_version=referral.link_version + 1, link_issued_at=timezone.now()
    )
    referral.refresh_from_db(fields=["link_version", "link_issued_at"])


@transaction.atomic
def link_renew(*, referral: Referral) -> bool:
    """A new signed link, sent to the service's own address (never to whoever asked); older links stop."""
    if referral.state not in (S.SENT, S.OPENED) or referral.delivery != Delivery.EMAIL:
        return False
    _renew(referral)
    _journal("referral.link_renewed", referral, via=LINK)
    return notices.send_link(referral, renewed=True)


@transaction.atomic
def attachment_open(*, attachment: ReferralAttachment, via: str, actor=None) -> bytes:
    if attachment.deleted_at is not None or not attachment.file:
        raise AnswerError(_("Ce document n'est plus disponible."), status=404)
    with attachment.file.open("rb") as handle:
        data = handle.read()
    _journal("referral.attachment_opened", attachment.referral, actor=actor, via=via, title=attachment.title)
    return data
