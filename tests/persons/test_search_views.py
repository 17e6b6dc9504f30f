"""Screens of the person search: /personnes/ and the new mandate's search, the journal per search, the
duplicate step of a record creation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from relais.accounts.models import Person
from relais.journal.models import Entry
from relais.mandates import services
from tests.factories import CommuneFactory, OrganisationFactory, PersonFactory, verified_login
from tests.mandates.factories import helper_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


@pytest.fixture
def org():
    return OrganisationFactory(allowed_mandate_categories=["social", "logement", "famille"])


@pytest.fixture
def helper(org):
    return helper_of(org)


def _record(org, first_name, last_name, birth_date, **extra):
    return PersonFactory(
        user=None,
        email="",
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        created_by_organisation=org,
        **extra,
    )


def _searches():
    return Entry.objects.filter(action="person.searched")


@pytest.mark.parametrize("route", ["persons:search", "mandates:person_find"])
def test_homonyms_are_told_apart_and_the_search_is_journaled_once(client, org, helper, route):
    lyon = CommuneFactory(name="Lyon")
    first = _record(org, "Mohamed", "Benali", dt.date(1970, 1, 2), commune=lyon)
    second = _record(org, "Mohamed", "Benali", dt.date(1985, 11, 30))
    _record(OrganisationFactory(), "Mohamed", "Benali", dt.date(1990, 6, 6))  # another organisation's
    verified_login(client, helper)
    html = client.get(reverse(route), {"query": "benali mohamed"}).content.decode()
    assert "2 janvier 1970" in html and "30 novembre 1985" in html and "6 juin 1990" not in html
    assert "Lyon" in html and "Commune non indiquée" in html
    assert "2 personnes trouvées" in html
    entry = _searches().get()
    assert sorted(entry.details["persons"]) == sorted([first.pk, second.pk])
    assert entry.organisation_id == org.pk and entry.actor_id == helper.pk


@pytest.mark.parametrize("route", ["persons:search", "mandates:person_find"])
def test_nobody_found_says_so_and_offers_to_create_the_record(client, org, helper, route):
    verified_login(client, helper)
    html = client.get(reverse(route), {"query": "Personne Inconnue"}).content.decode()
    assert "Nous n&#x27;avons trouvé personne" in html or "Nous n'avons trouvé personne" in html
    assert "Personne trouvée." not in html
    assert reverse("mandates:person_create") in html
    assert _searches().get().details["persons"] == []


def test_an_invalid_form_writes_no_entry_and_keeps_what_was_typed(client, org, helper):
    verified_login(client, helper)
    html = client.get(reverse("persons:search"), {"query": "Benali", "birth_date": "31/02/1985"}).content.decode()
    assert 'value="Benali"' in html and "jj/mm/aaaa" in html
    html = client.get(reverse("persons:search"), {"query": ""}).content.decode()
    assert "Indiquez au moins un nom" in html
    assert not _searches().exists()


def test_the_page_without_a_query_shows_the_form_only(client, helper):
    verified_login(client, helper)
    response = client.get(reverse("persons:search"))
    assert response.status_code == 200 and "Résultats" not in response.content.decode()
    assert not _searches().exists()


def test_many_results_are_paged_and_counted(client, org, helper):
    for n in range(33):
        _record(org, f"Prénom{n:02d}", "Benali", dt.date(1980, 1, 1))
    verified_login(client, helper)
    html = client.get(reverse("persons:search"), {"query": "benali"}).content.decode()
    assert "Personnes 1 à 30 sur 33" in html and "page=2" in html
    html = client.get(reverse("persons:search"), {"query": "benali", "page": "2"}).content.decode()
    assert "Personnes 31 à 33 sur 33" in html


def test_an_outside_person_found_by_claim_code_gets_a_signed_mandate_link(client, org, helper):
    other = OrganisationFactory()
    person, code = services.person_record_create(
        actor=helper_of(other),
        organisation=other,
        first_name="Yvette",
        last_name="Roux",
        birth_date=dt.date(1950, 1, 1),
        consent_given=True,
    )
    verified_login(client, helper)
    html = client.get(reverse("mandates:person_find"), {"query": code}).content.decode()
    assert "Yvette Roux" in html and "identifiant exact" in html
    assert f"/mandats/personne/{person.pk}/mandat/?cle=" in html


def _create(client, **extra):
    data = {
        "first_name": "Mohamed",
        "last_name": "Benaly",
        "birth_date": "04/05/1980",
        "phone": "",
        "preferred_channel": "organisation",
        "consent_given": "on",
        **extra,
    }
    return client.post(reverse("mandates:person_create"), data)


def test_creating_a_record_shows_likely_duplicates_first_and_needs_confirmation(client, org, helper):
    existing = _record(org, "Mohamed", "Benali", dt.date(1980, 5, 4))
    _record(OrganisationFactory(), "Mohammed", "Benali", dt.date(1980, 5, 4))
    verified_login(client, helper)
    html = _create(client).content.decode()
    assert "a peut-être déjà une fiche" in html
    assert f"/mandats/personne/{existing.pk}/mandat/" in html
    assert "Une fiche semblable existe déjà dans une autre structure." in html
    assert 'value="Benaly"' in html and 'value="04/05/1980"' in html  # nothing typed is lost
    assert "Ce n&#x27;est pas la même personne" in html or "Ce n'est pas la même personne" in html
    assert Person.objects.filter(last_name="Benaly").count() == 0
    # Submitted again without ticking the box: still not created, a clear message.
    html = _create(client, duplicates_shown="1").content.decode()
    assert "Cochez « Ce n" in html and Person.objects.filter(last_name="Benaly").count() == 0
    # Ticked: created.
    response = _create(client, duplicates_shown="1", not_duplicate="on")
    assert response.status_code == 200 and Person.objects.filter(last_name="Benaly").count() == 1


def test_creating_a_record_without_duplicate_goes_straight_through(client, org, helper):
    verified_login(client, helper)
    response = _create(client, birth_name="Durand")
    assert 'id="claim-code"' in response.content.decode()
    person = Person.objects.get(last_name="Benaly")
    assert person.birth_name == "Durand"


def test_a_person_gives_their_birth_name_on_their_profile_and_is_found_by_it(client, org):
    person = PersonFactory(first_name="Claire", last_name="Martin")
    Person.objects.filter(pk=person.pk).update(created_by_organisation=org)
    client.force_login(person.user)
    data = {
        "first_name": "Claire",
        "last_name": "Martin",
        "birth_name": "Lefèvre",
        "phone": "",
        "language": "fr",
        "preferred_channel": "email",
    }
    assert client.post(reverse("accounts:profile"), data).status_code == 302
    person.refresh_from_db()
    assert person.birth_name == "Lefèvre"
    client.logout()
    verified_login(client, helper_of(org))
    html = client.get(reverse("persons:search"), {"query": "claire lefevre"}).content.decode()
    assert "Claire Martin" in html and "Nom de naissance : Lefèvre" in html
