"""Procedures test helpers: a published procedure with a repeated block, a conditional and a file."""

from __future__ import annotations

import pytest
from django.utils import timezone

from relais.organisations.models import MemberRole, Membership
from relais.procedures.models import Procedure, ProcedureVersion
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, add_totp

FIELDS = [
    {"type": "section", "label": "Vous"},
    {"key": "prenom", "type": "text", "label": "Votre prénom", "required": True, "profile_key": "identity.first_name"},
    {"key": "telephone", "type": "phone", "label": "Votre téléphone", "required": True, "profile_key": "contact.phone"},
    {
        "key": "revenus",
        "type": "decimal",
        "label": "Revenus par mois",
        "required": False,
        "glossary": ["quotient-familial"],
    },
    {"type": "section", "label": "Votre foyer"},
    {"key": "a_enfants", "type": "yes_no", "label": "Avez-vous des enfants ?", "required": True},
    {
        "key": "enfants",
        "type": "repetition",
        "label": "Vos enfants",
        "item_label": "Enfant",
        "required": True,
        "condition": {"field": "a_enfants", "op": "eq", "value": True},
        "fields": [
            {"key": "prenom_enfant", "type": "text", "label": "Prénom de l'enfant", "required": True},
            {"key": "age", "type": "integer", "label": "Âge", "required": False},
        ],
    },
    {
        "key": "garde",
        "type": "choice",
        "label": "Mode de garde",
        "required": True,
        "choices": ["Crèche", "Famille", "Aucun"],
        "condition": {"field": "a_enfants", "op": "eq", "value": True},
    },
    {"type": "section", "label": "Justificatif"},
    {
        "key": "piece",
        "type": "file",
        "label": "Pièce d'identité",
        "required": True,
        "accept": ["image", "pdf"],
        "max_bytes": 1_000_000,
        "multiple": False,
        "one_pdf": False,
    },
]


def make_procedure(
    *, organisation=None, fields=None, published=True, slug="aide-test", title="Aide de test", category="logement"
) -> Procedure:
    organisation = organisation or OrganisationFactory(name="CCAS de Test", phone="04 00 00 00 00")
    procedure = Procedure.objects.create(
        organisation=organisation,
        slug=slug,
        title=title,
        description="Une aide pour tester.",
        category=category,
        documents_needed="Pièce d'identité",
    )
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        fields=fields if fields is not None else FIELDS,
        published_at=timezone.now() if published else None,
    )
    if published:
        procedure.current_version = version
        procedure.save()
    return procedure


def agent_of(organisation, *, user=None):
    """An agent of `organisation`, with `active_membership` set as the middleware would."""
    membership = MembershipFactory(organisation=organisation, role=MemberRole.AGENT, **({"user": user} if user else {}))
    add_totp(membership.user)
    membership.user.active_membership = Membership.objects.select_related("organisation").get(pk=membership.pk)
    return membership.user


@pytest.fixture
def procedure(db):
    return make_procedure()


@pytest.fixture
def owner(db):
    return PersonFactory()
