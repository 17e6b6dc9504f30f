"""What procedures add to the person file (relais/casefile/registry.py): the dossiers and their state
changes in the timeline, and what each open dossier waits for (the person, the administration or the
helper). Only dossiers of a procedure whose category the scope covers are shown or counted.

Each provider runs one query whatever the number of dossiers (limited by the file's `limit`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from relais.casefile.registry import (
    ALL_CATEGORIES,
    Event,
    Pending,
    WaitingFor,
    register_pending,
    register_timeline,
)
from relais.procedures.models import Dossier, DossierState, Transition

S = DossierState


def _in_scope(qs, scope, prefix: str):
    """Keep to the scope's categories in the database (so nothing out of scope is read, nor counted)."""
    cats = scope.categories
    if ALL_CATEGORIES in cats:
        return qs
    return qs.filter(**{f"{prefix}category__in": sorted(cats)})


@register_timeline("procedures.dossier")
def dossier_events(scope, limit: int) -> list[Event]:
    dossiers = _in_scope(
        Dossier.objects.filter(person=scope.person).select_related("procedure"), scope, "procedure__"
    ).order_by("-created_at")[:limit]
    events = [
        Event(
            at=dossier.created_at,
            kind="procedures.dossier",
            text=_("Dossier %(ref)s commencé : %(title)s")
            % {"ref": dossier.reference, "title": dossier.procedure.title},
            category=dossier.procedure.category,
        )
        for dossier in dossiers
    ]
    transitions = _in_scope(
        Transition.objects.filter(dossier__person=scope.person).select_related("dossier__procedure"),
        scope,
        "dossier__procedure__",
    ).order_by("-at", "-id")[:limit]
    for move in transitions:
        dossier = move.dossier
        events.append(
            Event(
                at=move.at,
                kind="procedures.transition",
                text=_("Dossier %(ref)s (%(title)s) : %(state)s")
                % {"ref": dossier.reference, "title": dossier.procedure.title, "state": S(move.to_state).label},
                category=dossier.procedure.category,
                detail=move.reason,
            )
        )
    return events


def _waiting_for(dossier: Dossier) -> tuple[str, str] | None:
    title = dossier.procedure.title
    ref = dossier.reference
    if dossier.state == S.CORRECTION_REQUESTED:
        return WaitingFor.PERSON, _("Corriger le dossier %(ref)s : %(title)s") % {"ref": ref, "title": title}
    if dossier.state in (S.SUBMITTED, S.IN_REVIEW):
        return WaitingFor.ADMINISTRATION, _("Étudier le dossier %(ref)s : %(title)s") % {"ref": ref, "title": title}
    if dossier.state == S.DRAFT:
        if dossier.helper_id:
            return WaitingFor.HELPER, _("Finir et envoyer le dossier %(ref)s : %(title)s") % {
                "ref": ref,
                "title": title,
            }
        return WaitingFor.PERSON, _("Finir et envoyer le dossier %(ref)s : %(title)s") % {"ref": ref, "title": title}
    return None


@register_pending("procedures.dossier")
def dossier_pending(scope) -> list[Pending]:
    open_states = [S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CORRECTION_REQUESTED]
    dossiers = _in_scope(
        Dossier.objects.filter(person=scope.person, state__in=open_states).select_related("procedure"),
        scope,
        "procedure__",
    ).order_by("state_changed_at", "created_at")[:200]
    items = []
    for dossier in dossiers:
        found = _waiting_for(dossier)
        if found is not None:
            items.append(
                Pending(
                    found[0],
                    found[1],
                    since=dossier.state_changed_at or dossier.created_at,
                    kind="procedures.dossier",
                )
            )
    return items
