"""What rights add to the person file (relais/casefile/registry.py): the benefits the person says they
receive (their saved questionnaire) and those probably missed (the organisation's latest detection of
unclaimed rights, with its date), and the questionnaire in the timeline. Benefits are social help:
they are shown when the scope covers « Social - Santé ».

Each provider runs at most two queries whatever the history."""

from __future__ import annotations

from django.utils.translation import gettext as _

from relais.casefile.registry import Event, Panel, PanelItem, register_panel, register_timeline
from relais.core.formats import date_words
from relais.rights.catalogue import CATALOGUE
from relais.rights.models import BatchRun, BatchStatus, RightsProfile

CATEGORY = "social"


def _label(key: str) -> str:
    info = CATALOGUE.get(key)
    return str(info.label) if info else key


def _amount(row: dict) -> str:
    if row.get("free"):
        return _("sans cotisation")
    if row.get("yearly"):
        return _("environ %(amount)s € par an") % {"amount": row.get("amount", 0)}
    return _("environ %(amount)s € par mois") % {"amount": row.get("amount", 0)}


@register_panel("rights.benefits")
def benefits(scope) -> Panel | None:
    if not scope.covers(CATEGORY):
        return None
    profile = RightsProfile.objects.filter(person=scope.person).first()
    items = []
    if profile is not None:
        for row in profile.result or []:
            if row.get("received"):
                continue
            items.append(
                PanelItem(
                    text=_("Estimation : %(benefit)s (%(amount)s)")
                    % {"benefit": row.get("label") or _label(row.get("benefit", "")), "amount": _amount(row)},
                    detail=_("estimation enregistrée le %(date)s") % {"date": date_words(profile.result_at)},
                )
            )
        for key in sorted((profile.answers or {}).get("received") or []):
            items.append(
                PanelItem(
                    text=_("Reçoit : %(benefit)s") % {"benefit": _label(key)},
                    detail=_("d'après le questionnaire du %(date)s") % {"date": date_words(profile.updated_at)},
                )
            )
    if not scope.is_self:
        batch = (
            BatchRun.objects.filter(organisation=scope.organisation, status=BatchStatus.DONE)
            .order_by("-finished_at", "-pk")
            .only("rows", "finished_at")
            .first()
        )
        for row in (batch.rows if batch else []) or []:
            if row.get("person_id") == scope.person.pk:
                items.append(
                    PanelItem(
                        text=_("Probablement non réclamé : %(benefit)s (%(amount)s)")
                        % {"benefit": row.get("label") or _label(row.get("benefit", "")), "amount": _amount(row)},
                        detail=_("d'après la recherche de droits du %(date)s")
                        % {"date": date_words(batch.finished_at)},
                    )
                )
    return Panel(
        key="rights.benefits",
        title=_("Droits reçus et droits probablement manqués"),
        items=items,
        empty_text=_("Aucun calcul de droits pour cette personne pour l'instant."),
        order=30,
    )


@register_timeline("rights.profile")
def profile_events(scope, limit: int) -> list[Event]:
    if not scope.covers(CATEGORY):
        return []
    profile = RightsProfile.objects.filter(person=scope.person).only("updated_at").first()
    if profile is None:
        return []
    return [
        Event(
            at=profile.updated_at,
            kind="rights.simulation",
            text=_("Calcul des droits : réponses enregistrées"),
            category=CATEGORY,
        )
    ]
