"""Issue 20 (found by the crawl): no link leads a role to a page it is refused."""

import pytest
from django.urls import reverse

from tests.factories import verified_login

pytestmark = pytest.mark.django_db


def test_staff_without_an_organisation_is_not_offered_my_organisation(client, staff_user):
    verified_login(client, staff_user)
    html = client.get(reverse("www:dashboard")).content.decode()
    assert reverse("www:organisation") not in html
    assert client.get(reverse("www:organisation")).status_code == 403


def test_a_manager_is_offered_my_organisation(client, manager_user):
    verified_login(client, manager_user)
    html = client.get(reverse("www:dashboard")).content.decode()
    assert f'href="{reverse("www:organisation")}"' in html


def test_the_catalogue_offers_my_dossiers_to_a_person_only(client, agent_user, person):
    verified_login(client, agent_user)
    assert reverse("procedures:my_dossiers") not in client.get(reverse("procedures:catalogue")).content.decode()
    client.force_login(person.user)
    assert reverse("procedures:my_dossiers") in client.get(reverse("procedures:catalogue")).content.decode()
