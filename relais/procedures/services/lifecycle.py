"""Sending a dossier (first time and after a correction request)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from relais import policy
from relais.policy.roles import active_organisation
from relais.procedures import fields as F_
from relais.procedures.models import Dossier, DossierState, DossierVersion
from relais.procedures.services.common import NotReady, StaleDossier
from relais.procedures.services.drafts import page_of_key
from relais.procedures.states import transition


def submission_problems(dossier: Dossier) -> dict[str, str]:
    fields = dossier.version.fields
    problems = F_.missing_required(fields, dossier.data)
    confirmed = set(dossier.meta.get("confirmed", []))
    for key in dossier.meta.get("prefilled", []):
        if (
            key not in confirmed
            and key not in problems
            and F_.evaluate(F_.field_by_key(fields).get(key, {}).get("condition"), dossier.data)
        ):
            problems[key] = _("Vérifiez la réponse pré-remplie « %(label)s ».") % {
                "label": F_.field_by_key(fields).get(key, {}).get("label", key)
            }
    return problems


_REUSED = ("version", "procedure", "person", "helper")


def _reuse_related(locked: Dossier, loaded: Dossier) -> None:
    """Give the freshly locked row the related objects (version, procedure and its organisation,
    person and their account, helper) already loaded on `loaded`, when they are still the same rows:
    the locked read then needs no joins. Anything not loaded is read lazily, as usual."""
    for name in _REUSED:
        field = Dossier._meta.get_field(name)
        if field.is_cached(loaded) and getattr(loaded, field.attname) == getattr(locked, field.attname):
            field.set_cached_value(locked, field.get_cached_value(loaded))


@transaction.atomic
def dossier_submit(*, dossier: Dossier, actor, revision: int | None = None, on_behalf_of=None, mandate=None) -> Dossier:
    """Send the dossier (first time, correction before review, or after a correction request)."""
    policy.require(actor, "dossier.submit", dossier, on_behalf_of=on_behalf_of)
    # One locked read of the row alone gives the transition everything it needs too (it does not
    # read the row again); the related rows the caller already loaded are reused, not joined again.
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    _reuse_related(locked, dossier)
    if revision is not None and locked.revision != revision:
        raise StaleDossier()
    problems = submission_problems(locked)
    if problems:
        first = min(page_of_key(locked.version, key) for key in problems)
        raise NotReady(problems, first)
    data = F_.prune_hidden(locked.version.fields, locked.data)
    # Versions are written only here, by the move out of the draft state (never back): a draft has none.
    last = (
        None
        if locked.state == DossierState.DRAFT
        else locked.versions.only("number", "data").order_by("-number").first()
    )
    if last is not None and last.data == data and locked.state == DossierState.SUBMITTED:
        raise ValidationError(_("Vous n'avez rien changé depuis votre dernier envoi."))
    DossierVersion.objects.create(
        dossier=locked, number=(last.number + 1 if last else 1), data=data, submitted_by=actor
    )
    # The row is locked: revision + 1 computed here is exact; written by the transition's UPDATE.
    return transition(
        locked,
        to=DossierState.SUBMITTED,
        actor=actor,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
        organisation=active_organisation(actor) if on_behalf_of is not None else None,
        locked=locked,
        changes={"data": data, "revision": locked.revision + 1},
    )
