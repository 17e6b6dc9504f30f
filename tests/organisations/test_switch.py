import pytest
from django.urls import reverse

from relais.organisations.models import MemberRole
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, add_totp, verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_orgs_user():
    user = UserFactory()
    add_totp(user)
    first = MembershipFactory(user=user, role=MemberRole.HELPER, organisation=OrganisationFactory(name="Alpha"))
    second = MembershipFactory(user=user, role=MemberRole.MANAGER, organisation=OrganisationFactory(name="Bêta"))
    return user, first, second


def test_switch_changes_the_active_organisation(client, two_orgs_user):
    user, first, second = two_orgs_user
    verified_login(client, user)
    html = client.get(reverse("www:dashboard")).content.decode()
    assert "J'agis pour" in html and f'<option value="{first.pk}" selected>' in html
    assert client.get(reverse("www:organisation")).status_code == 403  # helper in Alpha
    response = client.post(reverse("www:organisation_switch"), {"membership": second.pk}, follow=True)
    html = response.content.decode()
    assert "Vous agissez maintenant pour « Bêta »" in html
    assert f'<option value="{second.pk}" selected>' in html
    assert client.get(reverse("www:organisation")).status_code == 200  # manager in Bêta


def test_switch_to_someone_elses_membership_is_refused(client, two_orgs_user):
    user, first, _ = two_orgs_user
    foreign = MembershipFactory()
    verified_login(client, user)
    response = client.post(reverse("www:organisation_switch"), {"membership": foreign.pk}, follow=True)
    assert "Cette structure ne fait pas partie des vôtres" in response.content.decode()
    assert client.session.get("active_organisation_id") is None


def test_switch_to_an_inactive_membership_is_refused(client, two_orgs_user):
    user, first, second = two_orgs_user
    second.is_active = False
    second.save()
    verified_login(client, user)
    client.post(reverse("www:organisation_switch"), {"membership": second.pk})
    assert client.session.get("active_organisation_id") is None


def test_switch_is_post_only_and_for_professionals(client, person):
    client.force_login(person.user)
    assert client.get(reverse("www:organisation_switch")).status_code == 405
    assert client.post(reverse("www:organisation_switch"), {"membership": "1"}).status_code == 403
