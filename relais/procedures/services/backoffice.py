"""The back office: decisions, assignment, and the journal of professionals' reads and exports."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from relais import policy
from relais.journal.services import journal_record
from relais.policy.roles import active_organisation
from relais.procedures.models import Dossier, DossierState, Procedure
from relais.procedures.states import transition


@transaction.atomic
def dossier_decide(*, dossier: Dossier, actor, to: str, reason: str = "") -> Dossier:
    """An agent moves the dossier (start review, request correction, accept, refuse, close, reopen)."""
    policy.require(actor, "dossier.instruct", dossier)
    result = transition(dossier, to=to, actor=actor, reason=reason, organisation=dossier.procedure.organisation)
    if to == DossierState.IN_REVIEW and dossier.assignee_id is None:
        Dossier.objects.filter(pk=dossier.pk).update(assignee=actor)
        result.assignee = actor
    return result


@transaction.atomic
def dossier_assign(*, dossier: Dossier, actor, assignee) -> Dossier:
    policy.require(actor, "dossier.instruct", dossier)
    if (
        assignee is not None
        and not assignee.memberships.active()
        .filter(organisation=dossier.procedure.organisation, role__in=["agent", "manager"])
        .exists()
    ):
        raise ValidationError(_("Cette personne n'instruit pas pour cette structure."))
    Dossier.objects.filter(pk=dossier.pk).update(assignee=assignee)
    dossier.assignee = assignee
    journal_record(
        action="dossier.assign",
        actor=actor,
        organisation=dossier.procedure.organisation,
        person=dossier.person,
        obj=dossier,
        details={"assignee": getattr(assignee, "pk", None)},
    )
    return dossier


def dossier_record_read(*, dossier: Dossier, actor, what: str = "dossier", on_behalf_of=None, mandate=None) -> None:
    """Journal every read of a person's dossier by a professional (a helper: with the mandate)."""
    journal_record(
        action=f"dossier.read.{what}",
        actor=actor,
        organisation=active_organisation(actor) or dossier.procedure.organisation,
        person=dossier.person,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
        obj=dossier,
    )


def dossiers_list_record(*, procedure: Procedure, actor, dossiers) -> None:
    """Journal one page of the back-office list shown to an agent: the names of the dossiers' persons
    (one entry for the page; the dossiers and persons listed are in its details). Nothing when empty."""
    shown = [d for d in dossiers if d.person_id]
    if not shown:
        return
    journal_record(
        action="dossier.read.list",
        actor=actor,
        organisation=procedure.organisation,
        obj=procedure,
        details={
            "count": len(shown),
            "dossiers": [d.pk for d in shown],
            "persons": sorted({d.person_id for d in shown}),
        },
    )


def dossiers_export_record(*, procedure: Procedure, actor, count: int) -> None:
    journal_record(
        action="dossier.export_csv",
        actor=actor,
        organisation=procedure.organisation,
        obj=procedure,
        details={"count": count},
    )
