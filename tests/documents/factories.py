"""Factories and helpers for the document safe tests."""

import pytest

from relais import policy
from relais.documents import services
from relais.documents.models import DocType
from tests.documents import images


def add_document(person, *, title="Avis d'imposition 2025", doc_type=DocType.TAX_NOTICE, expires_on=None, data=None):
    return services.document_add(
        person=person,
        actor=person.user,
        files=[data or images.jpeg(400, 300)],
        doc_type=doc_type,
        title=title,
        expires_on=expires_on,
    )


@pytest.fixture
def grant_mandate(monkeypatch):
    """Stands in for the mandates domain's "mandate.act" rule: the given (user, person) pairs,
    with the categories they cover, are allowed; everything else refused."""
    granted: dict = {}

    def fake_rule(user, obj=None, *, category=None, **context):
        categories = granted.get((getattr(user, "pk", None), getattr(obj, "pk", None)))
        return categories is not None and (category is None or category in categories)

    monkeypatch.setitem(policy._RULES, "mandate.act", fake_rule)

    def grant(user, person, categories=("papiers", "argent", "logement", "travail", "social")):
        granted[(user.pk, person.pk)] = set(categories)

    return grant


@pytest.fixture
def grant_dossier_view(monkeypatch):
    """Stands in for the procedures domain's "dossier.view" rule on a target object."""
    allowed: set = set()

    def fake_rule(user, obj=None, **context):
        return (getattr(user, "pk", None), obj._meta.label_lower, obj.pk) in allowed

    monkeypatch.setitem(policy._RULES, "dossier.view", fake_rule)

    def grant(user, target):
        allowed.add((user.pk, target._meta.label_lower, target.pk))

    return grant
