"""Territory test data: the real reference files of ../shared/data/territory."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from relais.territory.models import Commune, Departement, Region
from tests.conftest import missing_tool

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "territory"
DEMO = Path(__file__).resolve().parents[2] / "relais" / "territory" / "demo_data"


def shared_data_or_skip() -> Path:
    if not (SHARED / "communes_decoupage_administratif.csv").exists():
        missing_tool(f"real territory files not found in {SHARED}")
    return SHARED


@pytest.fixture(scope="module")
def real_territory(django_db_setup, django_db_blocker):
    """All 34,945 communes, imported once per test module and removed afterwards."""
    directory = shared_data_or_skip()
    with django_db_blocker.unblock():
        call_command("import_territory", from_dir=str(directory), no_progress=True, stdout=io.StringIO())
        yield
        Commune.objects.all().delete()
        Departement.objects.all().delete()
        Region.objects.all().delete()
