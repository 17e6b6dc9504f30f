"""Screens and API: « pas encore calculé », the public maps and sortable tables, the dashboard for the
coordinator of the Rhône and a manager there, the freshness campaign (once a day), the exports."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from relais.journal.models import Entry
from relais.notifications.models import Notification
from relais.organisations.models import MemberRole
from tests.directory.factories import PlaceFactory
from tests.factories import (
    DepartementFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    add_totp,
    verified_login,
)
from tests.observatory.factories import make_build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


def coordinator(code="69"):
    user = UserFactory()
    user.coordinated_departements.add(DepartementFactory(code=code, name="Rhône" if code == "69" else code))
    add_totp(user)
    return user


def test_pages_say_not_yet_computed(client):
    for url in (reverse("observatory:national"), reverse("observatory:departement", args=["69"])):
        assert "Pas encore calculé" in client.get(url).content.decode()
    assert client.get("/api/v1/observatory/departements").status_code == 404


def test_national_page_shows_the_map_legend_and_a_sortable_table(client):
    make_build("69")
    html = client.get(reverse("observatory:national")).content.decode()
    assert 'role="img"' in html and 'aria-labelledby="obs-map-title obs-map-desc"' in html
    assert 'class="obs-bin-3"' in html  # the Rhône's 5.5
    assert "pas de donnée" in html and "?sort=nom&amp;dir=desc" in html
    assert "style=" not in html


def test_departement_table_sorts_without_javascript_and_shows_missing_values(client):
    make_build("69")
    url = reverse("observatory:departement", args=["69"])
    by_score = client.get(url).content.decode()
    assert by_score.index("Commune 0") < by_score.index("Commune 1")  # 9.0 before 8.0
    ascending = client.get(url + "?sort=indice&dir=asc").content.decode()
    assert ascending.index("Commune 1") < ascending.index("Commune 0")
    assert 'aria-sort="ascending"' in ascending
    commune = client.get(reverse("observatory:commune", args=["69900"])).content.decode()
    assert "secret statistique" in commune and "donnée manquante" in commune
    assert "Filosofi, 2021" in commune  # every figure with its source and year


def test_flags_are_listed_with_their_reasons(client):
    make_build("69")
    html = client.get(reverse("observatory:departement", args=["69"])).content.decode()
    assert (
        "indice 9,0 ; France services la plus proche à 24 km ; aucun lieu d&#x27;aide numérique ouvert le samedi"
        in html
    )


def test_coordinator_dashboard_stale_places_by_organisation_and_campaign(client):
    claire = coordinator("69")
    make_build("69")
    organisation = OrganisationFactory(name="Centre social Bron")
    PlaceFactory(organisation=organisation, checked_at=timezone.now() - dt.timedelta(days=250))
    PlaceFactory(organisation=organisation, checked_at=timezone.now() - dt.timedelta(days=300))
    PlaceFactory(organisation=OrganisationFactory(), checked_at=timezone.now())
    PlaceFactory(
        organisation=OrganisationFactory(), departement_code="13", checked_at=timezone.now() - dt.timedelta(days=300)
    )
    editor = MembershipFactory(organisation=organisation, role=MemberRole.HELPER).user
    verified_login(client, claire)
    html = client.get(reverse("observatory:dashboard")).content.decode()
    assert "Centre social Bron" in html and "<td>2</td>" in html and "Lancer une campagne" in html
    url = reverse("observatory:campaign", args=["69"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    notes = Notification.objects.filter(key__startswith=f"directory-freshness-{organisation.pk}-{editor.pk}-")
    assert notes.count() == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url)  # the same day: nobody is told twice
    assert notes.count() == 1
    assert Notification.objects.filter(key__startswith="directory-freshness-").count() == 1  # not the 13's
    assert Entry.objects.filter(action="observatory.freshness_campaign", actor_id=claire.pk).count() == 2


def test_coordinator_cannot_open_another_departement(client):
    verified_login(client, coordinator("69"))
    DepartementFactory(code="13", name="Bouches-du-Rhône")
    assert client.get(reverse("observatory:dashboard") + "?departement=13").status_code == 403
    assert client.post(reverse("observatory:campaign", args=["13"])).status_code == 403


def test_manager_sees_the_dashboard_of_their_organisations_departement(client):
    make_build("69")
    organisation = OrganisationFactory(departement=DepartementFactory(code="69"))
    manager = MembershipFactory(organisation=organisation, role=MemberRole.MANAGER).user
    add_totp(manager)
    verified_login(client, manager)
    html = client.get(reverse("observatory:dashboard")).content.decode()
    assert "Commune 0" in html and "Lancer une campagne" not in html  # the campaign is the coordinator's


def test_exports_csv_and_geojson(client):
    make_build("69")
    verified_login(client, coordinator("69"))
    csv_text = client.get(reverse("observatory:export_csv", args=["69"])).content.decode("utf-8-sig")
    header, first = csv_text.splitlines()[:2]
    assert header.startswith("code;nom;population;indice") and first.startswith("69900;Commune 0;1000;9.0")
    assert ";secret;" in first  # the reason, not a 0
    data = json.loads(client.get(reverse("observatory:export_geojson", args=["69"])).content)
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    assert data["features"][0]["geometry"]["coordinates"] == [4.5, 45.5]


def test_api_gives_missing_values_as_null_with_the_reason(client):
    make_build("69")
    rows = client.get("/api/v1/observatory/departements/69/communes").json()
    poverty = rows[0]["indicators"]["poverty"]
    assert poverty["value"] is None and poverty["missing"] == "secret" and poverty["year"] == 2021
    scores = {d["code"]: d["score"] for d in client.get("/api/v1/observatory/departements").json()}
    assert scores == {"2A": None, "69": 5.5}  # a département without data: null, not 0
    assert client.get("/api/v1/observatory/departements/99/communes").status_code == 404
