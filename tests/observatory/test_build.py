"""The build: the directory's places become coverage, the other apps add their layers, the whole of France
from the real files, and the command's errors and progress bar."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from relais.accounts.models import Person
from relais.observatory.models import Build, CommuneFigures, DepartementFigures
from relais.observatory.paths import DEMO_DATA
from relais.observatory.services import observatory_build
from relais.observatory.spatial import haversine_km
from relais.rights.models import UnclaimedRight
from tests.directory.factories import PlaceFactory, ServiceFactory
from tests.factories import CommuneFactory, OrganisationFactory
from tests.observatory.data import ALBIGNY, BRON, VENISSIEUX, few_communes_dir, shared_data

pytestmark = pytest.mark.django_db
CODES = [ALBIGNY, BRON, VENISSIEUX]


def test_directory_places_make_the_coverage_and_rights_add_their_layer(tmp_path):
    digital = PlaceFactory(commune_code=VENISSIEUX, latitude=45.7012, longitude=4.8805, hours="Mo-Fr 09:00-12:00")
    ServiceFactory(place=digital, thematiques=["numerique--realiser-des-demarches-administratives"])
    saturday = PlaceFactory(commune_code=BRON, latitude=45.7355, longitude=4.9116, hours="Sa 09:00-12:00")
    ServiceFactory(place=saturday, thematiques=["numerique"])
    food = PlaceFactory(commune_code=BRON, latitude=45.7355, longitude=4.9116, hours="")
    ServiceFactory(place=food, thematiques=["equipement-et-alimentation--alimentation"])
    person = Person.objects.create(first_name="A", last_name="B", commune=CommuneFactory(code=BRON, name="Bron"))
    UnclaimedRight.objects.create(organisation=OrganisationFactory(), person=person, benefit="ppa", label="Prime")
    observatory_build(data_dir=few_communes_dir(tmp_path, CODES, france_services=[(45.8666, 4.8284)]))
    venissieux = CommuneFigures.objects.get(code=VENISSIEUX).coverage
    bron = CommuneFigures.objects.get(code=BRON).coverage
    assert venissieux["digital_km"] == 0.0
    # the Saturday place is in Bron, at Bron's centre
    assert venissieux["digital_saturday_km"] == pytest.approx(haversine_km(45.7012, 4.8805, 45.7355, 4.9116), abs=0.06)
    assert venissieux["places"] == 1 and venissieux["hours_week"] == 15.0
    assert venissieux["places_per_10k"] == round(10_000 / 65894, 2)
    assert bron["places"] == 2 and bron["hours_week"] == 3.0  # the food place's hours are unknown: not 0 hours
    assert bron["food_km"] == 0.0 and venissieux["hygiene_km"] is None  # no hygiene place: missing, not 0
    assert bron["unclaimed"] == 1 and "unclaimed" not in venissieux
    # the France services of the national list count too (the one of the folder is at Albigny's centre)
    assert CommuneFigures.objects.get(code=ALBIGNY).coverage["france_services_km"] == 0.0


def test_a_new_build_replaces_the_previous_one(tmp_path):
    directory = few_communes_dir(tmp_path, CODES, france_services=[(45.8666, 4.8284)])
    first = observatory_build(data_dir=directory)
    second = observatory_build(data_dir=directory)
    assert list(Build.objects.values_list("pk", flat=True)) == [second.pk]
    assert not CommuneFigures.objects.filter(build=first.pk).exists()


def test_the_whole_of_france_from_the_real_files():
    build = observatory_build(data_dir=shared_data())
    assert build.communes == 34_945
    assert CommuneFigures.objects.count() == 34_945
    paris = CommuneFigures.objects.get(code="75056")
    assert paris.population > 2_000_000  # summed from the 20 arrondissements of the 2017 file
    national = DepartementFigures.objects.exclude(shape="")
    assert national.count() == 96  # metropolitan départements drawn
    rhone = CommuneFigures.objects.filter(departement_code="69").exclude(shape="")
    assert rhone.count() > 250
    assert CommuneFigures.objects.filter(score=None).count() < 100
    assert set(build.frames) >= {"national", "69"}


def test_the_demo_builds_from_the_shipped_extract():
    build = observatory_build(data_dir=DEMO_DATA)
    assert build.communes == CommuneFigures.objects.filter(departement_code="69").count() > 250
    assert DepartementFigures.objects.exclude(shape="").count() == 96  # France drawn, the Rhône coloured


def test_the_command_says_which_files_are_missing(tmp_path):
    with pytest.raises(CommandError, match="communes_decoupage_administratif.csv"):
        call_command("observatory_build", data=str(tmp_path), stdout=StringIO(), stderr=StringIO())


def test_the_command_draws_a_progress_bar_on_stderr(tmp_path):
    directory = few_communes_dir(tmp_path, CODES, france_services=[(45.8666, 4.8284)])
    out, err = StringIO(), StringIO()
    call_command("observatory_build", data=str(directory), stdout=out, stderr=err)
    assert "3 communes" in out.getvalue()
    assert "[##############################] 100%" in err.getvalue()


def test_unfinished_builds_are_purged_after_a_day():
    from relais.observatory.retention import observatory_purge

    Build.objects.create(started_at=timezone.now() - dt.timedelta(days=2))
    kept = Build.objects.create(started_at=timezone.now())
    assert observatory_purge() == 1
    assert list(Build.objects.values_list("pk", flat=True)) == [kept.pk]
