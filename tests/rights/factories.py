"""Factories and fixtures of the rights tests."""

import factory
import pytest

from relais.rights import engine
from relais.rights.models import RightsProfile
from tests.factories import CommuneFactory, DepartementFactory, PersonFactory, RegionFactory

SINGLE_PARENT_ANSWERS = {
    "couple": False,
    "adults": [
        {
            "age": 34,
            "disability": "none",
            "salary": 800,
            "unemployment": 0,
            "pension": 0,
            "other": 0,
            "self_employed": 0,
            "self_employed_kind": "service",
            "change_months_ago": 0,
            "previous_salary": 0,
            "previous_unemployment": 0,
            "previous_self_employed": 0,
            "sick_pay": 0,
            "invalidity": 0,
            "grant": 0,
            "rental": 0,
            "alimony_paid": 0,
            "savings": 0,
        }
    ],
    "children": [5],
    "children_info": [{"shared_custody": False, "disability": "none"}],
    "pregnant": False,
    "housing": "tenant",
    "rent": 500,
    "commune": "69123",
    "received": [],
}


def lyon():
    departement = DepartementFactory(
        code="69", name="Rhône", region=RegionFactory(code="84", name="Auvergne-Rhône-Alpes")
    )
    return CommuneFactory(
        code="69123",
        name="Lyon",
        postcodes="69001 69002 69003 69004 69005 69006 69007 69008 69009",
        departement=departement,
        population=522250,
        latitude=45.758,
        longitude=4.835,
    )


class RightsProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RightsProfile

    person = factory.SubFactory(PersonFactory)
    answers = factory.LazyFunction(lambda: dict(SINGLE_PARENT_ANSWERS))
    consent_to_batch = True


@pytest.fixture(scope="session")
def rights_engine():
    """The OpenFisca engine, built once for the whole test session."""
    assert engine.wait_ready(timeout=600), "OpenFisca engine did not build"
    assert engine.is_ready(), f"OpenFisca engine failed: {engine._state.error!r}"
    return engine


@pytest.fixture
def commune_lyon(db):
    return lyon()
