"""A professional's request to join the organisation of their SIRET (after ProConnect): the organisation's managers
see it on « Ma structure » and accept it with a role or refuse it; never anyone else, never automatically."""

import pytest
from django.urls import reverse

from relais.identity.models import JoinRequest
from relais.identity.services import join_request_create
from relais.journal.models import Entry
from relais.notifications.models import Notification
from relais.organisations.models import MemberRole, Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, add_totp, verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


def _manager_of(organisation):
    manager = MembershipFactory(role=MemberRole.MANAGER, organisation=organisation).user
    add_totp(manager)
    return manager


def test_the_manager_accepts_the_request_with_the_role_chosen(client, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name="France Services Givors", siret="13002526500013")
    manager = _manager_of(organisation)
    newcomer = UserFactory(email="nadia.benali@givors.example.fr", first_name="Nadia", last_name="Benali")
    with django_capture_on_commit_callbacks(execute=True):
        join = join_request_create(user=newcomer, organisation=organisation)
    assert Notification.objects.filter(user=manager, event="identity_join_request").exists()

    verified_login(client, manager)
    page = client.get(reverse("www:organisation")).content.decode()
    assert "Demandes pour rejoindre la structure" in page and "nadia.benali@givors.example.fr" in page
    response = client.post(
        reverse("identity:join_request_decide", args=[join.pk]), {"decision": "accepter", "role": MemberRole.AGENT}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, organisation=organisation, role=MemberRole.AGENT).exists()
    assert not JoinRequest.objects.exists()
    assert Entry.objects.filter(action="identity.join_accepted", actor_id=manager.pk).count() == 1
    assert "Demandes pour rejoindre" not in client.get(reverse("www:organisation")).content.decode()


def test_a_refusal_tells_the_professional_and_grants_nothing(client, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    manager = _manager_of(organisation)
    newcomer = UserFactory()
    join = join_request_create(user=newcomer, organisation=organisation)
    verified_login(client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("identity:join_request_decide", args=[join.pk]), {"decision": "refuser"})
    assert not Membership.objects.filter(user=newcomer).exists()
    assert not JoinRequest.objects.exists()
    assert Notification.objects.filter(user=newcomer, event="identity_join_refused").exists()


def test_a_manager_of_another_organisation_or_a_bad_role_changes_nothing(client):
    organisation = OrganisationFactory()
    join = join_request_create(user=UserFactory(), organisation=organisation)
    other_manager = _manager_of(OrganisationFactory())
    verified_login(client, other_manager)
    response = client.post(
        reverse("identity:join_request_decide", args=[join.pk]), {"decision": "accepter", "role": "helper"}, follow=True
    )
    assert "Cette demande n&#x27;existe plus" in response.content.decode()
    client.logout()
    verified_login(client, _manager_of(organisation))
    response = client.post(
        reverse("identity:join_request_decide", args=[join.pk]),
        {"decision": "accepter", "role": "manager"},
        follow=True,
    )
    assert "Choisissez le rôle à donner" in response.content.decode()
    assert JoinRequest.objects.filter(pk=join.pk).exists() and not Membership.objects.filter(user=join.user).exists()
