"""What referrals add to the person file (relais/casefile/registry.py): each referral in the timeline (the
organisation's own, or all of them for the person themself) and, for the referring organisation, those
waiting for the service's answer. One query per provider."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.casefile.registry import Event, Pending, WaitingFor, register_pending, register_timeline
from relais.referrals.models import OPEN_STATES, Referral, ReferralState

_SENTENCES = {
    ReferralState.MODERATION: gettext_lazy("Orientation vers « %(service)s », en attente de validation par le service"),
    ReferralState.SENT: gettext_lazy("Orientation vers « %(service)s » envoyée par %(org)s, en attente de réponse"),
    ReferralState.OPENED: gettext_lazy("Orientation vers « %(service)s » lue par le service, en attente de réponse"),
    ReferralState.ACCEPTED: gettext_lazy("Orientation vers « %(service)s » acceptée par le service"),
    ReferralState.REFUSED: gettext_lazy("Orientation vers « %(service)s » refusée par le service"),
    ReferralState.EXPIRED: gettext_lazy("Orientation vers « %(service)s » close sans réponse"),
    ReferralState.CANCELLED: gettext_lazy("Orientation vers « %(service)s » annulée"),
}


def _rows(scope):
    rows = Referral.objects.filter(person=scope.person, anonymised_at__isnull=True).select_related("organisation")
    if not scope.is_self:
        rows = rows.filter(organisation=scope.organisation)
    return rows.order_by("-created_at")


@register_timeline("referrals.referral")
def referral_events(scope, limit: int) -> list[Event]:
    events = []
    for referral in _rows(scope)[:limit]:
        text = str(_SENTENCES[referral.state]) % {
            "service": referral.service_name,
            "org": referral.organisation.name if referral.organisation else "",
        }
        url = reverse("referrals:mine") if scope.is_self else reverse("referrals:sent_detail", args=[referral.pk])
        events.append(
            Event(
                at=referral.closed_at or referral.answered_at or referral.sent_at or referral.created_at,
                kind="referrals.referral",
                text=text,
                url=url,
                detail=referral.answer_message[:200] if referral.state == ReferralState.ACCEPTED else "",
            )
        )
    return events


@register_pending("referrals.referral")
def referral_pending(scope) -> list[Pending]:
    if scope.is_self:
        return []
    return [
        Pending(
            WaitingFor.ADMINISTRATION,
            _("Réponse du service « %(service)s » à l'orientation") % {"service": referral.service_name},
            since=referral.sent_at or referral.created_at,
            url=reverse("referrals:sent_detail", args=[referral.pk]),
            kind="referral",
        )
        for referral in _rows(scope).filter(state__in=OPEN_STATES)[:20]
    ]
