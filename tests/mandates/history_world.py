"""A demo-like person for the history page: a mandate with a France Services, a housing dossier
started and sent by the helper under the mandate, then processed by an agent of the CAF (review,
correction requested, corrected, accepted)."""

from __future__ import annotations

import re

from relais.organisations.models import Membership
from relais.procedures import services as procedure_services
from relais.procedures.models import Dossier, DossierState
from tests.factories import OrganisationFactory, PersonFactory
from tests.mandates.factories import helper_of, make_active_mandate
from tests.procedures.factories import agent_of, make_procedure

# A code name: dotted (dossier.accept), snake_case (request_correction) or « : accept ».
CODE_NAME = re.compile(r"\b[a-z]+\.[a-z_.]+\b|\b[a-z]+_[a-z_]+\b|: (accept|request|submit|read|create)\b")


def build_history_world() -> dict:
    fs = OrganisationFactory(name="France Services Test", allowed_mandate_categories=["social", "logement"])
    caf = OrganisationFactory(name="La CAF du Rhône")
    helper = helper_of(fs)
    helper.active_membership = Membership.objects.select_related("organisation").get(user=helper, organisation=fs)
    person = PersonFactory(user__first_name="Camille", user__last_name="Martin")
    mandate = make_active_mandate(organisation=fs, person=person, helper=helper, categories=("social", "logement"))
    procedure = make_procedure(organisation=caf, fields=[], category="logement")
    acting = {"on_behalf_of": person, "mandate": mandate}
    dossier = procedure_services.dossier_start(procedure=procedure, actor=helper, **acting)
    procedure_services.dossier_submit(dossier=dossier, actor=helper, **acting)
    agent = agent_of(caf)
    procedure_services.dossier_decide(
        dossier=Dossier.objects.get(pk=dossier.pk), actor=agent, to=DossierState.IN_REVIEW
    )
    procedure_services.dossier_record_read(dossier=dossier, actor=agent)
    procedure_services.dossier_decide(
        dossier=Dossier.objects.get(pk=dossier.pk),
        actor=agent,
        to=DossierState.CORRECTION_REQUESTED,
        reason="Il manque le bail.",
    )
    procedure_services.dossier_submit(dossier=Dossier.objects.get(pk=dossier.pk), actor=helper, **acting)
    procedure_services.dossier_decide(
        dossier=Dossier.objects.get(pk=dossier.pk), actor=agent, to=DossierState.IN_REVIEW
    )
    procedure_services.dossier_decide(dossier=Dossier.objects.get(pk=dossier.pk), actor=agent, to=DossierState.ACCEPTED)
    return {
        "fs": fs,
        "caf": caf,
        "helper": helper,
        "agent": agent,
        "person": person,
        "mandate": mandate,
        "dossier": Dossier.objects.get(pk=dossier.pk),
    }
