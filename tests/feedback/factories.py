"""Factories of feedback: reviews made as the service makes them (with their aggregate), authors, helpers."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from relais.feedback.aggregates import aggregate_add
from relais.feedback.models import Kind, Review, target_key
from relais.organisations.models import MemberRole
from tests.factories import MembershipFactory, OrganisationFactory
from tests.procedures.factories import make_procedure

ID_FIELDS = [
    {"key": "nom", "type": "text", "label": "Votre nom", "required": True},
    {
        "key": "piece_identite",
        "type": "file",
        "label": "Carte d'identité",
        "required": True,
        "accept": ["image", "pdf"],
        "max_bytes": 5_000_000,
    },
]


def procedure_with_id_field(**kwargs):
    return make_procedure(fields=ID_FIELDS, **kwargs)


def member(organisation=None, role=MemberRole.AGENT):
    membership = MembershipFactory(role=role, organisation=organisation or OrganisationFactory())
    user = membership.user
    user.active_membership = membership
    return user


def review(procedure=None, *, days_ago: int = 0, kind=Kind.PROCEDURE, **answers) -> Review:
    at = timezone.now() - dt.timedelta(days=days_ago)
    values = {"satisfaction": "good", **answers}
    made = Review.objects.create(
        kind=kind,
        target=target_key(kind, procedure.pk if procedure else None),
        procedure=procedure if kind == Kind.PROCEDURE else None,
        created_at=at,
        day=timezone.localtime(at).date(),
        **values,
    )
    aggregate_add(made)
    return made
