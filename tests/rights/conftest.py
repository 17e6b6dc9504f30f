import pytest

from relais.rights import simulation
from tests.rights.factories import commune_lyon, rights_engine  # noqa: F401


@pytest.fixture(autouse=True)
def _empty_simulation_cache():
    """Each test computes its own results (tests replace engine functions)."""
    simulation.cache.clear()
    yield
    simulation.cache.clear()
