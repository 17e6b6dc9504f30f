import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.directory.models import ErrorReport, Place
from relais.organisations.models import MemberRole
from tests.directory.factories import PlaceFactory, ServiceFactory, venissieux
from tests.factories import MembershipFactory, add_totp, verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune():
    return venissieux()


def test_search_page_without_query(client):
    response = client.get(reverse("directory:search"))
    assert response.status_code == 200 and "Où ?" in response.content.decode()


def test_search_douche_near_commune(client, commune):
    ServiceFactory(name="Douches du centre", thematiques=["hygiene--douches"])
    ServiceFactory(name="Repas", thematiques=["equipement-et-alimentation--alimentation"])
    html = client.get(reverse("directory:search"), {"ou": "Vénissieux", "q": "douche"}).content.decode()
    assert "Douches du centre" in html and "Repas" not in html and "1 résultat" in html


def test_unknown_commune_gives_suggestions(client, commune):
    html = client.get(reverse("directory:search"), {"ou": "Venisieux"}).content.decode()
    assert "Vouliez-vous dire" in html and "Vénissieux" in html


def test_links_from_elsewhere(client, commune):
    ServiceFactory(
        name="Aide CAF",
        thematiques=["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
    )
    html = client.get(
        reverse("directory:search"), {"commune": "69259", "categorie": "acces-aux-droits"}
    ).content.decode()
    assert "Aide CAF" in html


def test_place_page_share_links_and_no_pro_fields_for_public(client):
    place = PlaceFactory(name="Accueil Voltaire", pro_phone="+33499999999", referral_howto="Appeler Mme X")
    ServiceFactory(place=place)
    html = client.get(reverse("directory:place", args=[place.pk])).content.decode()
    assert "tel:+33472000001" in html and "sms:?body=Accueil%20Voltaire" in html and "mailto:?subject=" in html
    assert "geo:45.6975,4.8867" in html and "openstreetmap.org" in html
    assert "+33499999999" not in html and "Appeler Mme X" not in html
    assert "vérifiées il y a 0 jour" in html


def test_professional_sees_pro_fields(client, helper_user):
    place = PlaceFactory(pro_phone="+33499999999", referral_howto="Appeler Mme X")
    html = verified_login(client, helper_user).get(reverse("directory:place", args=[place.pk])).content.decode()
    assert "+33499999999" in html and "Appeler Mme X" in html


def test_stale_place_hidden_from_public_but_visible_to_editor(client):
    place = PlaceFactory(checked_at=timezone.now() - dt.timedelta(days=400))
    assert client.get(reverse("directory:place", args=[place.pk])).status_code == 404
    editor = MembershipFactory(organisation=place.organisation, role=MemberRole.HELPER).user
    add_totp(editor)
    response = verified_login(client, editor).get(reverse("directory:place", args=[place.pk]))
    assert response.status_code == 200 and "plus de 6 mois" in response.content.decode()


def test_print_view(client):
    place = PlaceFactory(name="Accueil Voltaire")
    html = client.get(reverse("directory:place_print", args=[place.pk])).content.decode()
    assert "Accueil Voltaire" in html and "fr-header" not in html


def test_report_error(client):
    place = PlaceFactory()
    response = client.post(reverse("directory:place_report", args=[place.pk]), {"message": "Fermé définitivement."})
    assert response.status_code == 302 and ErrorReport.objects.get().place == place
    response = client.post(reverse("directory:place_report", args=[place.pk]), {"message": ""})
    assert response.status_code == 200 and ErrorReport.objects.count() == 1


def test_editor_edits_place_and_invalid_hours_show_position(client):
    place = PlaceFactory(hours="Mo-Fr 09:00-12:00")
    editor = MembershipFactory(organisation=place.organisation, role=MemberRole.HELPER).user
    add_totp(editor)
    verified_login(client, editor)
    url = reverse("directory:place_edit", args=[place.pk])
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update(
        {
            "languages": ["fr", "ar"],
            "wheelchair": "true",
            "animals_accepted": "unknown",
            "welcome": "inconditionnel",
            "hours": "Mo-Fr 09:00-12:00; Sa 10:00-1200",
        }
    )
    for key in ("is_full", "itinerant"):
        data.pop(key, None)
    response = client.post(url, data)
    assert response.status_code == 200 and "caractère" in response.content.decode()
    data["hours"] = "Mo-Fr 09:00-12:00; Sa 10:00-12:00"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    place.refresh_from_db()
    assert place.hours.endswith("Sa 10:00-12:00") and place.languages == ["fr", "ar"] and place.wheelchair is True
    assert place.versions.count() == 2


def test_editor_adds_service_and_my_places(client):
    place = PlaceFactory()
    editor = MembershipFactory(organisation=place.organisation, role=MemberRole.MANAGER).user
    add_totp(editor)
    verified_login(client, editor)
    response = client.post(
        reverse("directory:service_add", args=[place.pk]),
        {
            "name": "Douches",
            "description": "Douches gratuites.",
            "thematiques": ["hygiene--douches"],
            "publics": ["tous-publics"],
            "modes_accueil": ["en-presentiel"],
            "zone": "",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert place.services.get().name == "Douches"
    html = client.get(reverse("directory:my_places")).content.decode()
    assert place.name in html
    response = client.post(
        reverse("directory:place_create"),
        {
            "name": "Nouveau lieu",
            "commune_code": "69259",
            "welcome": "inconditionnel",
            "languages": ["fr"],
            "wheelchair": "unknown",
            "animals_accepted": "unknown",
        },
    )
    assert response.status_code == 302
    assert Place.objects.get(name="Nouveau lieu").organisation == place.organisation


def test_around_me_with_the_browser_position(client, commune):
    ServiceFactory(name="Douches du centre")
    ServiceFactory(
        name="Ligne 69",
        modes_accueil=["a-distance"],
        zone_eligibilite=["69"],
        place=PlaceFactory(latitude=45.9, longitude=4.5),
    )
    html = client.get(reverse("directory:search"), {"lat": "45.70", "lon": "4.88", "ou": ""}).content.decode()
    assert "Douches du centre" in html and "Ligne 69" in html and "À distance" in html
