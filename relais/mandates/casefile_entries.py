"""What mandates add to the person file (relais/casefile/registry.py): the grant of a mandate in force
(its categories not revoked), the persons followed under a mandate, the mandates in the timeline,
what a pending mandate waits for, and why an ended mandate no longer opens the file.

Each provider runs a constant number of queries (authorisations prefetched in one)."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.casefile.registry import (
    EndedGrant,
    Event,
    Grant,
    Pending,
    WaitingFor,
    register_ended_grant,
    register_grant,
    register_pending,
    register_timeline,
)
from relais.core.formats import date_words
from relais.mandates.models import Authorisation, ConsentMethod, Mandate, MandateState


def _with_authorisations(qs):
    return qs.prefetch_related(Prefetch("authorisations", queryset=Authorisation.objects.order_by("category")))


@register_grant("mandate")
def mandate_grants(organisation, person) -> list[Grant]:
    grants = []
    for mandate in _with_authorisations(Mandate.objects.active().filter(organisation=organisation, person=person)):
        categories = mandate.active_categories()
        if not categories:
            continue
        grants.append(
            Grant(
                source="mandate",
                label=_("Mandat en cours jusqu'au %(end)s : %(cats)s")
                % {"end": date_words(mandate.expires_at), "cats": ", ".join(mandate.category_labels())},
                categories=frozenset(categories),
                until=mandate.expires_at,
                by_user_id=mandate.created_by_id,
            )
        )
    return grants


@register_ended_grant("mandate")
def mandate_ended(organisation, person) -> EndedGrant | None:
    mandate = (
        Mandate.objects.filter(organisation=organisation, person=person)
        .filter(
            Q(state__in=[MandateState.REVOKED, MandateState.EXPIRED])
            | Q(state=MandateState.ACTIVE, expires_at__lte=timezone.now())
        )
        .order_by("-expires_at", "-pk")
        .first()
    )
    if mandate is None:
        return None
    if mandate.state == MandateState.REVOKED:
        when = mandate.ended_at
        text = _(
            "Le mandat de %(person)s a été retiré le %(date)s : vous ne pouvez plus voir son dossier. "
            "Il faut un nouveau mandat ou un suivi, avec son accord."
        )
    else:
        when = mandate.expires_at
        text = _(
            "Le mandat de %(person)s a pris fin le %(date)s : vous ne pouvez plus voir son dossier. "
            "Vous pouvez le renouveler avec son accord."
        )
    return EndedGrant(source="mandate", ended_at=when, text=text % {"person": person, "date": date_words(when)})


_SENTENCES = {
    MandateState.PENDING: gettext_lazy("Mandat préparé par %(org)s (%(cats)s), en attente de l'accord"),
    MandateState.ACTIVE: gettext_lazy("Mandat donné à %(org)s jusqu'au %(end)s : %(cats)s"),
    MandateState.EXPIRED: gettext_lazy("Mandat donné à %(org)s terminé (date dépassée) : %(cats)s"),
    MandateState.REVOKED: gettext_lazy("Mandat donné à %(org)s retiré : %(cats)s"),
    MandateState.ABANDONED: gettext_lazy("Demande de mandat de %(org)s abandonnée"),
}


@register_timeline("mandates.mandate")
def mandate_events(scope, limit: int) -> list[Event]:
    rows = Mandate.objects.filter(person=scope.person).select_related("organisation").order_by("-created_at")
    if not scope.is_self:
        rows = rows.filter(organisation=scope.organisation)
    events = []
    for mandate in _with_authorisations(rows)[:limit]:
        at = mandate.ended_at or mandate.starts_at or mandate.created_at
        text = str(_SENTENCES[mandate.state]) % {
            "org": mandate.organisation.name,
            "end": date_words(mandate.expires_at),
            "cats": ", ".join(mandate.category_labels(only_active=False)),
        }
        events.append(Event(at=at, kind="mandates.mandate", text=text))
    return events


@register_pending("mandates.mandate")
def mandate_pending(scope) -> list[Pending]:
    if scope.is_self:
        return []
    items = []
    for mandate in Mandate.objects.pending().filter(organisation=scope.organisation, person=scope.person):
        if mandate.consent_method == ConsentMethod.ACCOUNT:
            items.append(
                Pending(WaitingFor.PERSON, _("Accepter le mandat proposé"), since=mandate.created_at, kind="mandate")
            )
        else:
            items.append(
                Pending(
                    WaitingFor.HELPER,
                    _("Recueillir l'accord de la personne pour le mandat"),
                    since=mandate.created_at,
                    url=reverse("mandates:consent", args=[mandate.pk]),
                    kind="mandate",
                )
            )
    return items
