"""Builders for escalation tests: a CAF du Rhône team, a helper under a mandate for Camille, an escalation."""

from __future__ import annotations

from relais.escalations import services
from relais.escalations.models import BlockingCause, Category, Team, TeamMember
from relais.organisations.models import MemberRole, OrganisationKind
from tests.factories import CommuneFactory, DepartementFactory, OrganisationFactory, PersonFactory
from tests.mandates.factories import helper_of, make_active_mandate


def with_membership(user):
    """What the middleware does on a request: the user's active membership (services called directly)."""
    user.active_membership = user.memberships.select_related("organisation").first()
    return user


def team(
    *, organisation=None, name="Équipe partenaires", categories=(Category.LOGEMENT,), departement=None, communes=()
):
    organisation = organisation or OrganisationFactory(name="CAF du Rhône", kind=OrganisationKind.BENEFITS_BODY)
    made = Team.objects.create(
        organisation=organisation,
        name=name,
        email="partenaires@caf-rhone.example.fr",
        public_note="Aides au logement et prestations familiales du Rhône.",
        categories=list(categories),
    )
    made.departements.add(departement or DepartementFactory())
    for commune in communes:
        made.communes.add(commune)
    return made


def agent_of(made_team, *, manager=False, role=MemberRole.AGENT):
    user = with_membership(helper_of(made_team.organisation, role=role))
    TeamMember.objects.create(team=made_team, user=user, is_manager=manager)
    return user


def world():
    """A helper of France Services with a mandate (logement) for Camille, living in the Rhône; the CAF team."""
    fs = OrganisationFactory(name="France Services Vénissieux")
    helper = with_membership(helper_of(fs))
    commune = CommuneFactory(name="Vénissieux", code="69259")
    camille = PersonFactory(first_name="Camille", last_name="Martin", commune=commune)
    mandate = make_active_mandate(organisation=fs, person=camille, helper=helper, categories=("logement",))
    caf_team = team(departement=commune.departement)
    agent = agent_of(caf_team)
    return {"fs": fs, "helper": helper, "camille": camille, "mandate": mandate, "team": caf_team, "agent": agent}


def open_escalation(w, **overrides):
    values = {
        "actor": w["helper"],
        "organisation": w["fs"],
        "person": w["camille"],
        "team": w["team"],
        "category": Category.LOGEMENT,
        "cause": BlockingCause.PAYMENT_SUSPENDED,
        "subject": "Aide au logement suspendue",
        "description": "L'APL est suspendue depuis mars : un justificatif de loyer aurait manqué.",
        "identifiers": {"caf_number": "1234567"},
    }
    values.update(overrides)
    return services.escalation_open(**values)
