"""The daily task (`manage.py escalations_daily`): the automatic invitation of the team's manager when the
administration is silent, the warning before the implicit decision, the digests."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relais.escalations import messaging
from relais.escalations.calendar import working_days_between
from relais.escalations.deadlines import appeal_text, deadline_state
from relais.escalations.models import (
    Escalation,
    Invitation,
    Kind,
    Message,
    Preference,
    SeenMark,
    Side,
    Status,
    TeamMember,
)
from relais.escalations.states import escalation_post
from relais.notifications.services import notify
from relais.organisations.models import MemberRole, Membership


def no_answer_working_days() -> int:
    return getattr(settings, "ESCALATIONS_NO_ANSWER_WORKING_DAYS", 5)


def silence_days() -> int:
    return getattr(settings, "ESCALATIONS_SILENCE_DAYS", 15)


def _managers(escalation: Escalation):
    """The team's managers; failing them, the administration's managers."""
    users = [m.user for m in TeamMember.objects.filter(team=escalation.team, is_manager=True).select_related("user")]
    if not users:
        users = [
            m.user
            for m in Membership.objects.active()
            .filter(organisation=escalation.administration, role=MemberRole.MANAGER)
            .select_related("user")
        ]
    return [user for user in users if user.is_active]


def _reason(escalation: Escalation, now: dt.datetime) -> str:
    if escalation.first_answer_at is None:
        if working_days_between(escalation.created_at, now) >= no_answer_working_days():
            return _("Personne n'a répondu depuis %(days)s jours ouvrés") % {"days": no_answer_working_days()}
        return ""
    if escalation.last_admin_answer_at and now - escalation.last_admin_answer_at >= dt.timedelta(days=silence_days()):
        return _("La dernière réponse de l'administration date de plus de %(days)s jours") % {"days": silence_days()}
    return ""


def auto_invite_due(*, now: dt.datetime | None = None) -> int:
    """Invite the manager of each silent escalation's team, once per silence; the thread says so."""
    now = now or timezone.now()
    candidates = (
        Escalation.objects.filter(status__in=[Status.NEW, Status.IN_PROGRESS], wiped_at=None)
        .annotate(last_auto=Max("messages__created_at", filter=Q(messages__kind=Kind.AUTO_INVITATION)))
        .select_related("team", "administration")
    )
    count = 0
    for escalation in candidates:
        since = escalation.last_admin_answer_at or escalation.created_at
        if escalation.last_auto is not None and escalation.last_auto >= since:
            continue  # already invited for this silence
        reason = _reason(escalation, now)
        if not reason:
            continue
        for manager in _managers(escalation):
            count += _auto_invite(escalation, manager, reason)
    return count


@transaction.atomic
def _auto_invite(escalation: Escalation, manager, reason: str) -> int:
    invitation, created = Invitation.objects.get_or_create(
        escalation=escalation,
        team=None,
        user=manager,
        defaults={"reason": Invitation.Reason.AUTOMATIC, "invited_at": timezone.now()},
    )
    if not created:
        Invitation.objects.filter(pk=invitation.pk).update(active=True)
    name = manager.get_full_name() or manager.email
    message = escalation_post(
        escalation,
        kind=Kind.AUTO_INVITATION,
        side=Side.SYSTEM,
        invited_user=manager,
        text=_("%(reason)s : Relais a invité %(name)s, responsable de l'équipe %(team)s.")
        % {"reason": reason, "name": name, "team": escalation.team.name},
    )
    messaging.tell(escalation, message)
    return 1


def deadlines_warn(*, now: dt.datetime | None = None) -> int:
    """Warn the helper once, some days before the implicit decision of the original request."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    count = 0
    rows = Escalation.objects.filter(
        closed_at=None, decision_warned_at=None, decision_due_on__isnull=False
    ).select_related("administration", "created_by")
    for escalation in rows:
        if deadline_state(escalation, today) not in ("soon", "passed"):
            continue
        with transaction.atomic():
            messaging.tell_deadline(escalation, appeal_text(escalation, today))
            Escalation.objects.filter(pk=escalation.pk).update(decision_warned_at=now)
        count += 1
    return count


#: a little under a day, so that hourly runs send each digest once a day without drifting later
DIGEST_EVERY = dt.timedelta(hours=23)


def digests_send(*, now: dt.datetime | None = None) -> int:
    """One message per professional who chose the digest: the escalations with news since their last look."""
    now = now or timezone.now()
    sent = 0
    for preference in Preference.objects.filter(digest=True).select_related("user"):
        if preference.digest_sent_at and now - preference.digest_sent_at < DIGEST_EVERY:
            continue  # the daily jobs run every hour: one digest a day
        user = preference.user
        since = preference.digest_sent_at or (now - dt.timedelta(days=1))
        news = _news_for(user, since)
        if news:
            with translation.override(user.language or "fr"):
                lines = [f"- {e.reference} : {e.subject} ({e.get_status_display()})" for e in news[:50]]
                notify(
                    event="escalation_digest",
                    key=f"escalation-digest-{user.pk}-{now:%Y-%m-%d}",
                    user=user,
                    subject=ngettext(
                        "Relais : %(count)s saisine a du nouveau",
                        "Relais : %(count)s saisines ont du nouveau",
                        len(news),
                    )
                    % {"count": len(news)},
                    body="\n".join(lines),
                    link=reverse("escalations:inbox"),
                )
            sent += 1
        Preference.objects.filter(pk=preference.pk).update(digest_sent_at=now)
    return sent


def _news_for(user, since: dt.datetime) -> list[Escalation]:
    mine = (
        Q(created_by=user)
        | Q(invitations__active=True, invitations__team__in=TeamMember.objects.filter(user=user).values("team"))
        | Q(invitations__active=True, invitations__user=user)
    )
    seen = SeenMark.objects.filter(user=user)
    rows = (
        Escalation.objects.filter(mine, last_activity_at__gt=since, wiped_at=None)
        .exclude(pk__in=seen.filter(seen_at__gte=since).values("escalation"))
        .distinct()
        .order_by("-last_activity_at")
    )
    news = []
    for escalation in rows[:100]:
        visible = Message.objects.filter(escalation=escalation, created_at__gt=since).exclude(author=user)
        if escalation.created_by_id == user.pk:
            visible = visible.exclude(kind=Kind.NOTE)
        if visible.exists():
            news.append(escalation)
    return news


def daily(*, now: dt.datetime | None = None) -> dict:
    return {
        "auto_invitations": auto_invite_due(now=now),
        "deadline_warnings": deadlines_warn(now=now),
        "digests": digests_send(now=now),
    }
