"""Who hears of a step of the thread, through the notifications service: at once, or in the daily digest
for those who chose it (`Preference.digest`). Texts in the recipient's language; never an internal note's text."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from relais.accounts.models import Channel, User
from relais.escalations.models import Escalation, Invitation, Kind, Message, Side, Team, TeamMember
from relais.notifications.services import notify_address_on_commit, notify_on_commit


def admin_recipients(escalation: Escalation):
    """Users on the administration side: members of the teams invited, and experts invited."""
    invitations = Invitation.objects.filter(escalation=escalation, active=True)
    team_users = TeamMember.objects.filter(team__in=invitations.exclude(team=None).values("team")).values("user")
    return User.objects.filter(
        Q(pk__in=team_users) | Q(pk__in=invitations.exclude(user=None).values("user")), is_active=True
    ).select_related("escalation_preference")


def _tell_team_addresses(escalation: Escalation, message: Message) -> None:
    """The shared address of each team invited (« adresse partagée de l'équipe »), in French: a team's inbox
    hears of the new escalation and of the helper's messages even when no member is at their desk."""
    teams = Team.objects.filter(
        pk__in=Invitation.objects.filter(escalation=escalation, active=True).exclude(team=None).values("team"),
        is_active=True,
    ).exclude(email="")
    for team in teams:
        with translation.override("fr"):
            notify_address_on_commit(
                event=f"escalation_{message.kind}_team",
                key=f"escalation-{message.pk}-team-{team.pk}",
                email=team.email,
                subject=_("Saisine %(ref)s pour %(team)s") % {"ref": escalation.reference, "team": team.name},
                body=_(
                    "Une structure d'accompagnement écrit à votre équipe au sujet d'une personne bloquée. Lisez la "
                    "saisine et répondez dans Relais (connexion nécessaire)."
                ),
                link=_link(escalation),
            )


def _wants_digest(user) -> bool:
    preference = getattr(user, "escalation_preference", None)
    return bool(preference and preference.digest)


def _link(escalation: Escalation) -> str:
    return reverse("escalations:detail", args=[escalation.pk])


def _tell_user(user, escalation: Escalation, message: Message, subject: str, body: str) -> None:
    if _wants_digest(user):
        return
    notify_on_commit(
        event=f"escalation_{message.kind}",
        key=f"escalation-{message.pk}-{user.pk}",
        user=user,
        subject=subject,
        body=body,
        sms=_("Relais : du nouveau dans la saisine %(ref)s.") % {"ref": escalation.reference},
        link=_link(escalation),
    )


def tell(escalation: Escalation, message: Message, *, actor=None) -> None:
    """Notify the other side of a new step."""
    reference = escalation.reference
    if message.kind == Kind.NOTE:
        return  # internal: the administration's members read it in the thread
    if message.side in (Side.HELPER,) or message.kind == Kind.OPENED:
        _tell_team_addresses(escalation, message)
        for user in admin_recipients(escalation):
            if actor is not None and user.pk == actor.pk:
                continue
            with translation.override(user.language or "fr"):
                _tell_user(
                    user,
                    escalation,
                    message,
                    _("Saisine %(ref)s : %(subject)s") % {"ref": reference, "subject": escalation.subject},
                    _(
                        "Une structure d'accompagnement vous écrit au sujet d'une personne bloquée. Lisez la saisine "
                        "et répondez dans Relais."
                    ),
                )
    if message.side in (Side.ADMINISTRATION, Side.SYSTEM) and escalation.created_by is not None:
        helper = escalation.created_by
        with translation.override(helper.language or "fr"):
            _tell_user(
                helper,
                escalation,
                message,
                _("Du nouveau dans votre saisine %(ref)s") % {"ref": reference},
                _("%(team)s a écrit dans la saisine « %(subject)s ».")
                % {"team": escalation.team.name, "subject": escalation.subject},
            )
    if message.kind == Kind.AUTO_INVITATION and message.invited_user is not None:
        manager = message.invited_user
        with translation.override(manager.language or "fr"):
            _tell_user(
                manager,
                escalation,
                message,
                _("Saisine %(ref)s sans réponse : vous êtes invité") % {"ref": reference},
                message.text,
            )


def tell_person_closed(escalation: Escalation) -> None:
    """The person, in plain words, when the helper closes the escalation."""
    person = escalation.person
    if person is None or (person.user_id is None and person.preferred_channel == Channel.ORGANISATION):
        return
    with translation.override(person.language or "fr"):
        useful = {
            "yes": _("La réponse a aidé."),
            "no": _("La réponse n'a pas réglé le problème : votre aidant vous dira quoi faire ensuite."),
        }.get(escalation.useful, "")
        notify_on_commit(
            event="escalation_closed_person",
            key=f"escalation-{escalation.pk}-closed-person",
            person=person,
            subject=_("%(org)s a terminé sa demande à %(admin)s")
            % {"org": escalation.organisation.name, "admin": escalation.administration.name},
            body=_(
                "%(org)s avait demandé à %(admin)s de débloquer votre situation (%(subject)s). "
                "La demande est terminée. %(useful)s Vous pouvez voir ce qui a été répondu dans votre espace Relais."
            )
            % {
                "org": escalation.organisation.name,
                "admin": escalation.administration.name,
                "subject": escalation.subject,
                "useful": useful,
            },
            sms=_("Relais : %(org)s a terminé sa demande à %(admin)s pour vous.")
            % {"org": escalation.organisation.name, "admin": escalation.administration.name},
            link=reverse("escalations:mine"),
        )


def tell_deadline(escalation: Escalation, text: str) -> None:
    helper = escalation.created_by
    if helper is None:
        return
    with translation.override(helper.language or "fr"):
        notify_on_commit(
            event="escalation_deadline",
            key=f"escalation-{escalation.pk}-deadline-{escalation.decision_due_on}",
            user=helper,
            subject=_("Saisine %(ref)s : la décision implicite approche") % {"ref": escalation.reference},
            body=text,
            sms=_("Relais : saisine %(ref)s, délai de réponse bientôt dépassé.") % {"ref": escalation.reference},
            link=_link(escalation),
        )
