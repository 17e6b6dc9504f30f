"""Opening an escalation: routing to a team, the grant that allows it, identifiers, attachments, the clock."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from relais import policy
from relais.casefile import registry
from relais.documents import services as documents
from relais.documents.models import Document
from relais.escalations import messaging
from relais.escalations.deadlines import decision_due_on
from relais.escalations.identifiers import clean_identifiers
from relais.escalations.models import Category, Escalation, Invitation, Kind, Side, Team
from relais.escalations.states import escalation_post

#: the mandate categories (relais.organisations.MandateCategory) a grant must cover for each category
MANDATE_CATEGORIES = {
    Category.SOCIAL_FAMILLE: ("social", "famille"),
    Category.SANTE_HANDICAP: ("social",),
    Category.EMPLOI_FORMATION: ("travail",),
    Category.LOGEMENT: ("logement",),
    Category.RETRAITE: ("social", "argent"),
    Category.IMPOTS_ARGENT: ("argent",),
    Category.PAPIERS_TITRES: ("papiers", "etranger"),
    Category.AUTRE: (),
}


def teams_for(*, commune, category: str):
    """The teams proposed for a person's commune and a category: those covering the commune itself first,
    then those covering its département."""
    teams = Team.objects.filter(is_active=True).select_related("organisation")
    matching = [team for team in teams.filter(_covers(commune)).distinct() if category in team.categories]
    if commune is not None:
        matching.sort(key=lambda team: (0 if team.communes.filter(pk=commune.pk).exists() else 1, team.name))
    return matching


def _covers(commune):
    if commune is None:
        return Q(pk__in=[])
    return Q(communes=commune) | Q(departements=commune.departement_id)


def grant_for(*, organisation, person, category: str) -> registry.Grant:
    """The mandate or follow-up that allows this escalation, or a refusal with the reason."""
    scope = registry.scope_for(organisation=organisation, person=person)
    if not scope.grants:
        raise policy.Refused(_("Il faut un mandat en cours ou un suivi accepté pour saisir une administration."))
    wanted = MANDATE_CATEGORIES.get(category, ())
    covering = [
        grant
        for grant in scope.grants
        if not wanted or registry.ALL_CATEGORIES in grant.categories or grant.categories & set(wanted)
    ]
    if not covering:
        raise policy.Refused(
            _(
                "Le mandat ou le suivi de %(person)s ne couvre pas le domaine « %(category)s » : demandez-lui "
                "son accord pour ce domaine avant de saisir l'administration."
            )
            % {"person": person, "category": Category(category).label}
        )
    covering.sort(key=lambda grant: 0 if grant.source == "mandate" else 1)
    return covering[0]


@transaction.atomic
def escalation_open(
    *,
    actor,
    organisation,
    person,
    team: Team,
    category: str,
    cause: str,
    subject: str,
    description: str,
    identifiers: dict | None = None,
    original_request_on: dt.date | None = None,
    dossier_id: int | None = None,
    dossier_reference: str = "",
    procedure_label: str = "",
    documents_attached: list[Document] = (),
) -> Escalation:
    policy.require(actor, "escalation.create", person)
    grant = grant_for(organisation=organisation, person=person, category=category)
    if category not in team.categories or not team.is_active:
        raise ValidationError(_("Cette équipe ne traite pas cette catégorie : choisissez une autre équipe."))
    if original_request_on is not None and original_request_on > timezone.localdate():
        raise ValidationError(_("La date de la demande à l'administration ne peut pas être dans le futur."))
    now = timezone.now()
    escalation = Escalation.objects.create(
        person=person,
        organisation=organisation,
        created_by=actor,
        team=team,
        administration=team.organisation,
        commune=person.commune,
        category=category,
        cause=cause,
        subject=subject.strip(),
        description=description.strip(),
        identifiers=clean_identifiers(identifiers or {}),
        grant_source=grant.source,
        grant_label=grant.label[:300],
        grant_until=grant.until,
        dossier_id=dossier_id,
        dossier_reference=dossier_reference[:64],
        procedure_label=procedure_label[:200],
        original_request_on=original_request_on,
        decision_due_on=decision_due_on(
            original_request_on=original_request_on, administration=team.organisation, category=category
        ),
        created_at=now,
        last_activity_at=now,
    )
    Invitation.objects.create(escalation=escalation, team=team, reason=Invitation.Reason.ROUTED, invited_at=now)
    for document in documents_attached:
        if document.person_id != person.pk:
            raise ValidationError(_("Ce document n'est pas dans le coffre de cette personne."))
        try:
            documents.document_attach(document=document, actor=actor, target=escalation, on_behalf_of=person)
        except policy.Refused as refused:
            raise policy.Refused(
                _("Vous ne pouvez pas joindre « %(title)s » : il faut un mandat en cours qui couvre ce document.")
                % {"title": document.title}
            ) from refused
    message = escalation_post(escalation, kind=Kind.OPENED, side=Side.HELPER, actor=actor, details={"team": team.name})
    escalation.refresh_from_db()
    messaging.tell(escalation, message, actor=actor)
    return escalation
