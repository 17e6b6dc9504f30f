"""What escalations add to the person file (relais/casefile/registry.py): each escalation in the timeline
(for the professional: their organisation's; for the person: all of theirs, with what came back, never an
internal note), and what an open escalation waits for. One or two queries per provider."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.casefile.registry import Event, Pending, WaitingFor, register_pending, register_timeline
from relais.escalations.models import Escalation, Kind, Message, Side, Status

_SENTENCES = {
    Status.NEW: gettext_lazy("%(org)s a demandé à %(admin)s de débloquer la situation : « %(subject)s » (envoyée)"),
    Status.IN_PROGRESS: gettext_lazy(
        "%(org)s a demandé à %(admin)s de débloquer la situation : « %(subject)s » (en cours)"
    ),
    Status.PROCESSED: gettext_lazy("%(admin)s a traité la demande de %(org)s : « %(subject)s »"),
    Status.CLOSED: gettext_lazy("Demande de %(org)s à %(admin)s terminée : « %(subject)s »"),
}


def _rows(scope, limit: int):
    rows = Escalation.objects.filter(person=scope.person, wiped_at=None).select_related(
        "organisation", "administration"
    )
    if not scope.is_self:
        rows = rows.filter(organisation=scope.organisation)
    return list(rows.order_by("-last_activity_at")[:limit])


@register_timeline("escalations.escalation")
def escalation_events(scope, limit: int) -> list[Event]:
    escalations = _rows(scope, limit)
    last_answers: dict[int, str] = {}
    if escalations:
        answers = (
            Message.objects.filter(
                escalation__in=escalations, side=Side.ADMINISTRATION, kind__in=[Kind.ANSWER, Kind.PROCESSED]
            )
            .order_by("escalation_id", "created_at", "pk")
            .values_list("escalation_id", "text")
        )
        last_answers = dict(answers)  # the last one of each escalation wins
    events = []
    for escalation in escalations:
        text = str(_SENTENCES[escalation.status]) % {
            "org": escalation.organisation.name,
            "admin": escalation.administration.name,
            "subject": escalation.subject,
        }
        answer = last_answers.get(escalation.pk, "")
        detail = (_("Réponse : %(text)s") % {"text": answer[:300]}) if answer else ""
        url = "" if scope.is_self else reverse("escalations:detail", args=[escalation.pk])
        events.append(
            Event(at=escalation.last_activity_at, kind="escalations.escalation", text=text, url=url, detail=detail)
        )
    return events


def _self_pending(scope) -> list[Pending]:
    """What the person reads on their page: their helper asked the administration, and what came back."""
    rows = _rows(scope, 20)
    open_rows = [e for e in rows if e.status != Status.CLOSED]
    url = reverse("escalations:mine")
    return [
        Pending(
            WaitingFor.ADMINISTRATION if e.status != Status.PROCESSED else WaitingFor.HELPER,
            _("%(org)s a demandé à %(admin)s de débloquer votre situation : « %(subject)s »")
            % {"org": e.organisation.name, "admin": e.administration.name, "subject": e.subject},
            since=e.created_at,
            url=url,
            kind="escalation",
        )
        for e in open_rows
    ]


@register_pending("escalations.escalation")
def escalation_pending(scope) -> list[Pending]:
    if scope.is_self:
        return _self_pending(scope)
    items = []
    rows = Escalation.objects.filter(
        person=scope.person,
        organisation=scope.organisation,
        status__in=[Status.NEW, Status.IN_PROGRESS, Status.PROCESSED],
    ).select_related("administration")
    for escalation in rows:
        url = reverse("escalations:detail", args=[escalation.pk])
        if escalation.status == Status.PROCESSED:
            items.append(
                Pending(
                    WaitingFor.HELPER,
                    _("Clôturer la saisine « %(subject)s » traitée par %(admin)s")
                    % {"subject": escalation.subject, "admin": escalation.administration.name},
                    since=escalation.processed_at,
                    url=url,
                    kind="escalation",
                )
            )
        else:
            items.append(
                Pending(
                    WaitingFor.ADMINISTRATION,
                    _("Saisine « %(subject)s » auprès de %(admin)s")
                    % {"subject": escalation.subject, "admin": escalation.administration.name},
                    since=escalation.created_at,
                    url=url,
                    kind="escalation",
                )
            )
    return items
