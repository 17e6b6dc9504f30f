"""Issue #10, hole 3: two editors of one place (or service) no longer overwrite each other silently."""

import pytest
from django.test import Client
from django.urls import reverse

from relais.directory import services
from relais.organisations.models import MemberRole
from tests.directory.factories import PlaceFactory, ServiceFactory
from tests.factories import MembershipFactory, add_totp, verified_login

pytestmark = pytest.mark.django_db


def _editor(organisation) -> Client:
    user = MembershipFactory(organisation=organisation, role=MemberRole.HELPER).user
    add_totp(user)
    client = Client()
    verified_login(client, user)
    return client


def _form_data(client, url) -> dict:
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value
    for key in ("wheelchair", "animals_accepted"):
        if key in data:
            data[key] = {True: "true", False: "false"}.get(data[key], "unknown")
    if "is_published" in data:
        data["is_published"] = "on"
    return data


def test_the_second_save_of_a_place_is_refused_and_keeps_what_was_typed():
    place = PlaceFactory(phone="01 00 00 00 00", hours="")
    first, second = _editor(place.organisation), _editor(place.organisation)
    url = reverse("directory:place_edit", args=[place.pk])
    first_data, second_data = _form_data(first, url), _form_data(second, url)
    first_data["phone"] = "04 11 11 11 11"
    assert first.post(url, first_data).status_code == 302
    second_data["phone"] = "04 22 22 22 22"
    second_data["hours_note"] = "Sur rendez-vous le jeudi"
    response = second.post(url, second_data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Quelqu&#x27;un d&#x27;autre a enregistré cette fiche" in page or "Quelqu'un d'autre a enregistré" in page
    assert "04 22 22 22 22" in page and "Sur rendez-vous le jeudi" in page  # nothing typed is lost
    assert "04 11 11 11 11" in page  # what the first editor saved is shown
    place.refresh_from_db()
    assert place.phone == "04 11 11 11 11" and place.hours_note == ""
    # Saving again from the form shown (it carries the new revision) replaces, knowingly.
    form = response.context["form"]
    assert form["revision"].value() == str(place.revision)
    second_data["revision"] = form["revision"].value()
    assert second.post(url, second_data).status_code == 302
    place.refresh_from_db()
    assert place.phone == "04 22 22 22 22" and place.revision == 2


def test_the_second_save_of_a_service_is_refused_and_keeps_what_was_typed():
    service = ServiceFactory(name="Douches", description="Douches gratuites.")
    place = service.place
    first, second = _editor(place.organisation), _editor(place.organisation)
    url = reverse("directory:service_edit", args=[place.pk, service.pk])
    first_data, second_data = _form_data(first, url), _form_data(second, url)
    first_data["description"] = "Douches gratuites, serviettes fournies."
    response = first.post(url, first_data)
    assert response.status_code == 302, response.context["form"].errors
    second_data["description"] = "Douches gratuites le matin seulement."
    response = second.post(url, second_data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "vos modifications n&#x27;ont pas été enregistrées" in page
    assert "Douches gratuites le matin seulement." in page and "serviettes fournies" in page
    service.refresh_from_db()
    assert service.description == "Douches gratuites, serviettes fournies." and service.revision == 1


def test_the_service_layer_refuses_a_stale_revision(helper_user):
    place = PlaceFactory()
    MembershipFactory(organisation=place.organisation, user=helper_user, role=MemberRole.HELPER)
    services.place_update(place=place, actor=helper_user, data={"phone": "0102030405"}, revision=0)
    with pytest.raises(services.StaleEdit):
        services.place_update(place=place, actor=helper_user, data={"phone": "0607080910"}, revision=0)
    place.refresh_from_db()
    assert place.phone == "0102030405" and place.revision == 1
