"""The dossier lifecycle: one table of allowed transitions and one function applying them.

No code anywhere else assigns `Dossier.state`."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from relais.journal.services import journal_record
from relais.notifications.services import notify, notify_on_commit
from relais.procedures.models import Dossier, DossierState, Transition

S = DossierState


@dataclass(frozen=True)
class Move:
    name: str
    reason_required: bool = False
    by_agent: bool = False


TRANSITIONS: dict[tuple[str, str], Move] = {
    (S.DRAFT, S.SUBMITTED): Move("submit"),
    (S.SUBMITTED, S.SUBMITTED): Move("resubmit"),  # the person corrects before review starts
    (S.SUBMITTED, S.IN_REVIEW): Move("start_review", by_agent=True),
    (S.IN_REVIEW, S.CORRECTION_REQUESTED): Move("request_correction", reason_required=True, by_agent=True),
    (S.CORRECTION_REQUESTED, S.SUBMITTED): Move("submit_correction"),
    (S.IN_REVIEW, S.ACCEPTED): Move("accept", by_agent=True),
    (S.IN_REVIEW, S.REFUSED): Move("refuse", reason_required=True, by_agent=True),
    (S.IN_REVIEW, S.CLOSED): Move("close", by_agent=True),
    (S.ACCEPTED, S.IN_REVIEW): Move("reopen", by_agent=True),
    (S.REFUSED, S.IN_REVIEW): Move("reopen", by_agent=True),
    (S.CLOSED, S.IN_REVIEW): Move("reopen", by_agent=True),
}
# The person (or their helper) may change the answers in these states.
EDITABLE_STATES = {S.DRAFT, S.SUBMITTED, S.CORRECTION_REQUESTED}
FINAL_STATES = {S.ACCEPTED, S.REFUSED, S.CLOSED}


class TransitionRefused(ValidationError):
    pass


def allowed_moves(state: str) -> list[tuple[str, Move]]:
    return [(to, move) for (frm, to), move in TRANSITIONS.items() if frm == state and frm != to]


def can_move(state: str, to: str) -> bool:
    return (state, to) in TRANSITIONS


def what_next(dossier: Dossier) -> str:
    """Plain French: what happens now, for the person."""
    org = dossier.procedure.organisation.name
    texts = {
        S.DRAFT: _(
            "Votre dossier n'est pas encore envoyé. Vos réponses sont enregistrées : vous pouvez continuer quand "
            "vous voulez, puis l'envoyer."
        ),
        S.SUBMITTED: _(
            "%(org)s a reçu votre dossier. Un instructeur va le regarder. Tant qu'il n'a pas commencé, vous pouvez "
            "encore le corriger."
        )
        % {"org": org},
        S.IN_REVIEW: _(
            "Un instructeur de %(org)s étudie votre dossier. Vous recevrez un message dès qu'il y a une décision ou "
            "s'il manque quelque chose."
        )
        % {"org": org},
        S.CORRECTION_REQUESTED: _(
            "%(org)s vous demande de corriger ou compléter votre dossier. Lisez le motif, corrigez, puis renvoyez le "
            "dossier."
        )
        % {"org": org},
        S.ACCEPTED: _(
            "Votre demande est acceptée. %(org)s vous dira comment elle sera mise en place. Gardez ce dossier : vous "
            "pouvez le revoir à tout moment."
        )
        % {"org": org},
        S.REFUSED: _(
            "Votre demande est refusée. Lisez le motif. Vous pouvez demander des explications dans la messagerie, ou "
            "vous faire aider par une personne pour contester la décision."
        )
        % {"org": org},
        S.CLOSED: _(
            "Votre dossier est classé sans suite. Si vous pensez que c'est une erreur, écrivez dans la messagerie ou "
            "faites-vous aider."
        )
        % {"org": org},
    }
    return texts[dossier.state]


def _subject(dossier: Dossier, to: str) -> str:
    title = dossier.procedure.title
    return {
        S.SUBMITTED: _("Dossier envoyé : %(title)s"),
        S.IN_REVIEW: _("Votre dossier est en cours d'instruction : %(title)s"),
        S.CORRECTION_REQUESTED: _("Correction demandée sur votre dossier : %(title)s"),
        S.ACCEPTED: _("Demande acceptée : %(title)s"),
        S.REFUSED: _("Demande refusée : %(title)s"),
        S.CLOSED: _("Dossier classé sans suite : %(title)s"),
    }.get(to, _("Votre dossier : %(title)s")) % {"title": title}


def _body(dossier: Dossier, to: str, reason: str, link: str) -> str:
    lines = [
        _("Bonjour,"),
        "",
        _("Votre dossier n° %(ref)s « %(title)s » est maintenant : %(state)s.")
        % {"ref": dossier.reference, "title": dossier.procedure.title, "state": S(to).label},
    ]
    if reason:
        lines += ["", _("Motif : %(reason)s") % {"reason": reason}]
    lines += ["", _("Et maintenant ?"), what_next(dossier), "", _("Voir votre dossier : %(link)s") % {"link": link}]
    lines += ["", _("Besoin d'aide ? Une personne peut vous aider gratuitement, par exemple dans une France Services.")]
    return "\n".join(lines)


# One SMS (several segments) holds about this much; the reason is shortened to fit.
SMS_LENGTH = 300


def sms_text(dossier: Dossier, *, to: str, reason: str, link: str) -> str:
    """The SMS of a move: the new state and, for a correction or a refusal, what to do (the reason, shortened)."""
    values = {"ref": dossier.reference, "state": S(to).label, "link": link}
    if not reason:
        return _("Relais : votre dossier %(ref)s est maintenant « %(state)s ». Détails : %(link)s") % values
    if to == S.CORRECTION_REQUESTED:
        template = _("Relais : corrigez votre dossier %(ref)s. À corriger : %(reason)s Détails : %(link)s")
    else:
        template = _(
            "Relais : votre dossier %(ref)s est maintenant « %(state)s ». Motif : %(reason)s Détails : %(link)s"
        )
    room = SMS_LENGTH - len(template % {**values, "reason": ""})
    text = " ".join(reason.split())
    if len(text) > room:
        text = text[: max(room - 1, 10)].rstrip(" ,;:.") + "…"
    elif not text.endswith((".", "!", "?", "…")):
        text += "."
    return template % {**values, "reason": text}


def send_notification(**kwargs) -> None:
    """Through the one notifications service (email/SMS, idempotent by key, after commit)."""
    notify_on_commit(**kwargs)


def notify_state(dossier: Dossier, *, to: str, reason: str, number: int, grouped: bool = False) -> None:
    """Tell the person (and their helper) the new state. Called inside the transition's transaction:
    the notification rows are written with the move (rolled back with it, no second transaction and
    commit after it); `notify` enqueues the delivery only once the transaction commits, so nothing is
    sent for a move that did not happen. `grouped`: an agent's step, sent together with the agent's
    other steps on this dossier within a few minutes (NOTIFICATIONS_GROUP_DELAY)."""
    group = f"dossier-{dossier.pk}" if grouped else ""
    person = dossier.person
    if person is None:
        return
    link = settings.SITE_URL + reverse("procedures:dossier", args=[dossier.pk])
    language = person.language or "fr"
    with translation.override(language):
        subject = _subject(dossier, to)
        body = _body(dossier, to, reason, link)
        sms = sms_text(dossier, to=to, reason=reason, link=link)
    key = f"dossier-{dossier.pk}-{to}-{number}"
    notify(event=f"dossier_{to}", key=key, person=person, subject=subject, body=body, sms=sms, link=link, group=group)
    if dossier.helper_id:
        with translation.override(getattr(dossier.helper, "language", "fr") or "fr"):
            helper_subject = _("Personne accompagnée — %(subject)s") % {"subject": _subject(dossier, to)}
            helper_body = _body(dossier, to, reason, link)
        notify(
            event=f"dossier_{to}_helper",
            key=f"{key}-helper",
            user=dossier.helper,
            subject=helper_subject,
            body=helper_body,
            link=link,
            group=group,
        )


def transition(
    dossier: Dossier,
    *,
    to: str,
    actor,
    reason: str = "",
    on_behalf_of=None,
    mandate=None,
    organisation=None,
    locked: Dossier | None = None,
    changes: dict | None = None,
) -> Dossier:
    """Apply one allowed transition: check, record, journal, notify. Permission is checked by the caller.

    `locked`: the same dossier already read with SELECT ... FOR UPDATE (with its procedure's
    organisation, person and helper) in the caller's transaction — saves reading it again.
    `changes`: other field values written by the same UPDATE (e.g. the submitted answers).
    The journal entry is written last: the journal's chain lock is then held only for the insert
    and the commit, not while the notifications' texts are prepared."""
    # A caller passing `locked` runs its own transaction (and rolls back as a whole on refusal):
    # no savepoint needed. Otherwise a refused move leaves the caller's transaction usable.
    with transaction.atomic(savepoint=locked is None):
        if locked is None:
            locked = (
                Dossier.objects.select_for_update(of=("self",))
                .select_related("procedure__organisation", "person__user", "helper")
                .get(pk=dossier.pk)
            )
        key = (locked.state, to)
        move = TRANSITIONS.get(key)
        if move is None:
            raise TransitionRefused(
                _("Ce dossier est « %(state)s » : il ne peut pas passer à « %(to)s ».")
                % {"state": S(locked.state).label, "to": S(to).label}
            )
        reason = (reason or "").strip()
        if move.reason_required and not reason:
            raise TransitionRefused(_("Indiquez le motif : la personne doit comprendre ce qu'il faut faire."))
        now = timezone.now()
        from_state = locked.state
        locked.state = to
        locked.state_changed_at = now
        update_fields = ["state", "state_changed_at", "updated_at"]
        if to == S.SUBMITTED:
            locked.submitted_at = now
            update_fields.append("submitted_at")
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
            update_fields.append(name)
        locked.save(update_fields=update_fields)
        record = Transition.objects.create(
            dossier=locked,
            from_state=from_state,
            to_state=to,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=str(actor)[:200] if actor is not None else "",
            on_behalf_of=on_behalf_of,
            reason=reason,
        )
        if from_state != to or to == S.SUBMITTED:
            number = record.pk  # unique per transition: the notification's idempotency key
            if to != S.SUBMITTED or from_state != S.SUBMITTED:
                notify_state(locked, to=to, reason=reason, number=number, grouped=move.by_agent)  # after commit
            else:
                notify_state(locked, to=to, reason=_("Votre correction a bien été reçue."), number=number)
        journal_record(
            action=f"dossier.{move.name}",
            actor=actor if getattr(actor, "pk", None) else None,
            organisation=organisation or (locked.procedure.organisation if move.by_agent else None),
            person=locked.person,
            on_behalf_of=on_behalf_of,
            mandate=mandate,
            obj=locked,
            details={"from": from_state, "to": to, "reason": reason},
        )
        if dossier is not locked:
            dossier.state = locked.state
            dossier.state_changed_at = locked.state_changed_at
            dossier.submitted_at = locked.submitted_at
            for name in changes or {}:
                setattr(dossier, name, getattr(locked, name))
        dossier.last_transition = record
        return dossier
