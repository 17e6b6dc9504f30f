"""The thread: answers from both sides, internal notes, invitations, « wrong team », processed, closing,
seen marks and preferences. Each write asks the policy, then `states.escalation_post`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais import policy
from relais.escalations import messaging
from relais.escalations.models import (
    Escalation,
    Invitation,
    Kind,
    Message,
    Preference,
    SeenMark,
    Side,
    Team,
    Usefulness,
)
from relais.escalations.rules import admin_side, teams_of
from relais.escalations.states import escalation_post
from relais.journal.services import journal_record


def _text(text: str, *, required: bool = True) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ValidationError(_("Écrivez votre message avant de l'envoyer."))
    return text


def acting_team(actor, escalation: Escalation) -> Team | None:
    """The team of `actor` invited to this escalation (None for an expert invited by name)."""
    invited = Invitation.objects.filter(escalation=escalation, active=True, team__isnull=False).values("team")
    member = teams_of(actor).filter(team__in=invited).select_related("team__organisation").first()
    return member.team if member else None


def _side(actor, escalation: Escalation) -> tuple[str, Team | None]:
    if admin_side(actor, escalation):
        return Side.ADMINISTRATION, acting_team(actor, escalation)
    return Side.HELPER, None


@transaction.atomic
def escalation_answer(*, escalation: Escalation, actor, text: str) -> Message:
    policy.require(actor, "escalation.answer", escalation)
    side, team = _side(actor, escalation)
    message = escalation_post(escalation, kind=Kind.ANSWER, side=side, actor=actor, team=team, text=_text(text))
    messaging.tell(escalation, message, actor=actor)
    return message


@transaction.atomic
def escalation_note(*, escalation: Escalation, actor, text: str) -> Message:
    """An internal note: read only by the administration's side."""
    policy.require(actor, "escalation.note", escalation)
    team = acting_team(actor, escalation)
    return escalation_post(
        escalation, kind=Kind.NOTE, side=Side.ADMINISTRATION, actor=actor, team=team, text=_text(text)
    )


def _invite(escalation: Escalation, *, team=None, user=None, reason: str) -> bool:
    found = Invitation.objects.filter(escalation=escalation, team=team, user=user)
    if found.filter(active=True).exists():
        return False
    if found.exists():
        found.update(active=True, reason=reason, invited_at=timezone.now())
    else:
        Invitation.objects.create(escalation=escalation, team=team, user=user, reason=reason, invited_at=timezone.now())
    return True


@transaction.atomic
def escalation_invite(
    *, escalation: Escalation, actor, team: Team | None = None, expert=None, text: str = ""
) -> Message:
    """Invite another team, or one expert by name (an active professional)."""
    policy.require(actor, "escalation.invite", escalation)
    if (team is None) == (expert is None):
        raise ValidationError(_("Choisissez une équipe ou une personne experte à inviter."))
    if not _invite(escalation, team=team, user=expert, reason=Invitation.Reason.INVITED):
        raise ValidationError(_("Cette équipe ou cette personne est déjà invitée."))
    who = team.name if team else expert.get_full_name() or expert.email
    message = escalation_post(
        escalation,
        kind=Kind.INVITATION,
        side=Side.ADMINISTRATION,
        actor=actor,
        team=acting_team(actor, escalation),
        invited_team=team,
        invited_user=expert,
        text=_text(text, required=False) or _("%(who)s est invité dans la saisine.") % {"who": who},
        details={"team": who},
    )
    messaging.tell(escalation, message, actor=actor)
    return message


@transaction.atomic
def escalation_hand_over(*, escalation: Escalation, actor, team: Team, text: str = "") -> Message:
    """« Ce n'est pas notre équipe »: the actor's team leaves, `team` is invited and becomes the escalation's."""
    policy.require(actor, "escalation.wrong_team", escalation)
    own = acting_team(actor, escalation)
    if own is not None and own.pk == team.pk:
        raise ValidationError(_("Choisissez une autre équipe que la vôtre."))
    if own is not None:
        Invitation.objects.filter(escalation=escalation, team=own).update(active=False)
    _invite(escalation, team=team, reason=Invitation.Reason.HANDOVER)
    Escalation.objects.filter(pk=escalation.pk).update(team=team, administration=team.organisation)
    message = escalation_post(
        escalation,
        kind=Kind.WRONG_TEAM,
        side=Side.ADMINISTRATION,
        actor=actor,
        team=own,
        invited_team=team,
        text=_text(text, required=False)
        or _("Ce n'est pas la bonne équipe : la saisine est transmise à %(team)s.") % {"team": team.name},
        details={"team": team.name},
    )
    messaging.tell(escalation, message, actor=actor)
    return message


@transaction.atomic
def escalation_mark_processed(*, escalation: Escalation, actor, text: str = "") -> Message:
    policy.require(actor, "escalation.processed", escalation)
    message = escalation_post(
        escalation,
        kind=Kind.PROCESSED,
        side=Side.ADMINISTRATION,
        actor=actor,
        team=acting_team(actor, escalation),
        text=_text(text, required=False) or _("La saisine est traitée de notre côté."),
    )
    messaging.tell(escalation, message, actor=actor)
    return message


@transaction.atomic
def escalation_close(*, escalation: Escalation, actor, useful: str, outcome: str) -> Escalation:
    """The helper closes: was the answer useful for the person? (oui / je ne sais pas / non) and what came of it."""
    policy.require(actor, "escalation.close", escalation)
    if useful not in Usefulness.values:
        raise ValidationError(_("Dites si la réponse a été utile pour la personne."))
    Escalation.objects.filter(pk=escalation.pk).update(useful=useful, outcome=_text(outcome, required=False))
    message = escalation_post(
        escalation,
        kind=Kind.CLOSED,
        side=Side.HELPER,
        actor=actor,
        text=_text(outcome, required=False),
        details={"useful": useful},
    )
    escalation = Escalation.objects.select_related("person", "organisation", "administration", "team").get(
        pk=escalation.pk
    )
    messaging.tell(escalation, message, actor=actor)
    messaging.tell_person_closed(escalation)
    return escalation


def escalation_seen(*, escalation: Escalation, user) -> None:
    """Mark the thread seen by `user` now (drives the new-answer badges)."""
    now = timezone.now()
    if not SeenMark.objects.filter(escalation=escalation, user=user).update(seen_at=now):
        try:
            with transaction.atomic():
                SeenMark.objects.create(escalation=escalation, user=user, seen_at=now)
        except IntegrityError:  # the same user in two tabs
            SeenMark.objects.filter(escalation=escalation, user=user).update(seen_at=now)


@transaction.atomic
def preference_set(*, user, digest: bool) -> Preference:
    preference, _created = Preference.objects.update_or_create(user=user, defaults={"digest": digest})
    return preference


def escalation_viewed(*, actor, escalation: Escalation, screen: str) -> None:
    """One journal entry per page showing an escalation to a professional; marks it seen."""
    journal_record(
        action="escalation.viewed",
        actor=actor,
        organisation=getattr(getattr(actor, "active_membership", None), "organisation_id", None),
        person=escalation.person_id,
        obj=escalation,
        details={"reference": escalation.reference, "screen": screen},
    )
    escalation_seen(escalation=escalation, user=actor)


def inbox_listed(*, actor, escalations: list[Escalation]) -> None:
    """One journal entry per inbox page that shows persons' names (the persons listed in its details)."""
    persons = sorted({e.person_id for e in escalations if e.person_id})
    if not persons:
        return
    journal_record(
        action="escalation.listed",
        actor=actor,
        organisation=getattr(getattr(actor, "active_membership", None), "organisation_id", None),
        details={"count": len(persons), "persons": persons, "screen": "escalations_inbox"},
    )


def person_named_record(*, actor, organisation, person) -> None:
    """The opening form names the person and lists their documents: one journal entry."""
    journal_record(
        action="escalation.person_viewed",
        actor=actor,
        organisation=organisation,
        person=person,
        details={"screen": "escalation_new"},
    )
