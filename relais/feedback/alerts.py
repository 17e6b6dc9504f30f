"""The alert to the authors when a procedure's satisfaction drops by FEEDBACK_ALERT_DROP points (/10) or more
over the last 30 days, compared with the 30 days before, each period with FEEDBACK_ALERT_MIN_REVIEWS reviews at
least. Once per procedure and day (the notification's key)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.feedback import indicators
from relais.feedback.models import DailyAggregate, Kind, target_key
from relais.notifications.services import notify
from relais.organisations.models import MemberRole, Membership
from relais.procedures.models import Procedure


def _drop(target: str, today: dt.date) -> tuple[float, float] | None:
    minimum = int(getattr(settings, "FEEDBACK_ALERT_MIN_REVIEWS", 30))
    recent = indicators.for_target(target, start=today - dt.timedelta(days=30), end=today + dt.timedelta(days=1))
    before = indicators.for_target(target, start=today - dt.timedelta(days=60), end=today - dt.timedelta(days=30))
    if recent.reviews < minimum or before.reviews < minimum or None in (recent.satisfaction, before.satisfaction):
        return None
    if before.satisfaction - recent.satisfaction >= float(getattr(settings, "FEEDBACK_ALERT_DROP", 1.0)):
        return before.satisfaction, recent.satisfaction
    return None


def satisfaction_alerts(*, today: dt.date | None = None) -> int:
    """Email the authors of every procedure whose satisfaction dropped; returns the number of alerts."""
    today = today or timezone.localdate()
    targets = set(
        DailyAggregate.objects.filter(kind=Kind.PROCEDURE, day__gte=today - dt.timedelta(days=60))
        .values_list("procedure_id", flat=True)
        .distinct()
    )
    sent = 0
    for procedure in Procedure.objects.filter(pk__in=targets).select_related("organisation"):
        drop = _drop(target_key(Kind.PROCEDURE, procedure.pk), today)
        if drop is None:
            continue
        values = {"procedure": procedure.title, "before": drop[0], "after": drop[1]}
        authors = Membership.objects.active().filter(
            organisation=procedure.organisation, role__in=[MemberRole.AGENT, MemberRole.MANAGER]
        )
        for membership in authors.select_related("user"):
            notify(
                event="feedback_satisfaction_drop",
                key=f"feedback-alert-{procedure.pk}-{today.isoformat()}-{membership.user_id}",
                user=membership.user,
                subject=_("Démarche « %(procedure)s » : la satisfaction baisse") % values,
                body=_(
                    "La satisfaction des usagers de la démarche « %(procedure)s » est passée de %(before)s/10 à "
                    "%(after)s/10 sur les 30 derniers jours. Les retours et signalements sont sur Relais."
                )
                % values,
                link=reverse("feedback:author_procedure", args=[procedure.pk]),
            )
        sent += 1
    return sent
