import re

import pytest
from django.core import mail
from django.urls import reverse

from relais.accounts.models import User
from relais.journal.models import Entry
from relais.organisations.models import MemberRole, Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, add_totp, verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(manager_user):
    return manager_user


def _org(user):
    return user.memberships.get().organisation


def test_manager_sees_members_and_the_forms(client, manager):
    org = _org(manager)
    colleague = MembershipFactory(organisation=org, user__email="colleague@example.org")
    MembershipFactory(user__email="elsewhere@example.org")
    verified_login(client, manager)
    html = client.get(reverse("www:organisation")).content.decode()
    assert "colleague@example.org" in html and "elsewhere@example.org" not in html
    assert reverse("accounts:member_remove", args=[colleague.pk]) in html
    assert reverse("accounts:member_add") in html


def test_helper_sees_nothing_to_manage(client, helper_user):
    verified_login(client, helper_user)
    assert client.get(reverse("www:organisation")).status_code == 403
    response = client.post(reverse("accounts:member_add"), {"email": "x@example.org", "role": "helper"})
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def test_add_a_new_person_creates_an_account_and_sends_a_password_link(
    client, manager, django_capture_on_commit_callbacks
):
    org = _org(manager)
    verified_login(client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:member_add"), {"email": "Nouvelle.Aidante@Example.org", "role": "helper"}
        )
    assert response.status_code == 302 and response.url == reverse("www:organisation")
    user = User.objects.get(email="nouvelle.aidante@example.org")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).organisation == org
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert org.name in mail.outbox[0].subject and "Aidant" in body
    link = re.search(r"https?://\S+", body).group(0)
    response = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    assert "Choisir un nouveau mot de passe" in response.content.decode()
    entry = Entry.objects.get(action="organisation.member_added")
    assert (entry.actor_id, entry.organisation_id, entry.details["account_created"]) == (manager.pk, org.pk, True)


def test_add_an_existing_user_with_a_second_role(client, manager, django_capture_on_commit_callbacks):
    org = _org(manager)
    existing = MembershipFactory(organisation=org, role=MemberRole.HELPER).user
    verified_login(client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:member_add"), {"email": existing.email, "role": "agent"})
    assert set(existing.memberships.values_list("role", flat=True)) == {"helper", "agent"}
    assert "Connectez-vous" in mail.outbox[0].body
    response = client.post(reverse("accounts:member_add"), {"email": existing.email, "role": "agent"}, follow=True)
    assert "déjà membre de la structure avec ce rôle" in response.content.decode()


def test_add_with_bad_input_keeps_what_was_typed(client, manager):
    verified_login(client, manager)
    response = client.post(reverse("accounts:member_add"), {"email": "pas-une-adresse", "role": "helper"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Saisissez une adresse de courriel valide" in html and 'value="pas-une-adresse"' in html


def test_remove_a_member(client, manager):
    org = _org(manager)
    colleague = MembershipFactory(organisation=org)
    verified_login(client, manager)
    response = client.post(reverse("accounts:member_remove", args=[colleague.pk]), follow=True)
    assert "n&#x27;est plus membre de la structure" in response.content.decode()
    colleague.refresh_from_db()
    assert not colleague.is_active
    assert Entry.objects.filter(action="organisation.member_removed", organisation_id=org.pk).exists()


def test_the_last_manager_cannot_be_removed(client, manager):
    membership = manager.memberships.get()
    verified_login(client, manager)
    response = client.post(reverse("accounts:member_remove", args=[membership.pk]), follow=True)
    assert "dernier responsable" in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_active


def test_a_member_of_another_organisation_cannot_be_removed(client, manager):
    other = MembershipFactory(organisation=OrganisationFactory())
    verified_login(client, manager)
    assert client.post(reverse("accounts:member_remove", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.is_active


def test_manager_of_one_organisation_cannot_manage_the_active_other(client, django_capture_on_commit_callbacks):
    """A helper in B who manages A acts for B: no member management there."""
    user = UserFactory()
    add_totp(user)
    a = MembershipFactory(user=user, role=MemberRole.MANAGER, organisation=OrganisationFactory(name="A"))
    b = MembershipFactory(user=user, role=MemberRole.HELPER, organisation=OrganisationFactory(name="B"))
    verified_login(client, user)
    client.post(reverse("www:organisation_switch"), {"membership": b.pk})
    assert client.post(reverse("accounts:member_add"), {"email": "x@example.org", "role": "helper"}).status_code == 403
    client.post(reverse("www:organisation_switch"), {"membership": a.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(reverse("accounts:member_add"), {"email": "x@example.org", "role": "helper"}).status_code == 302
        )
    assert Membership.objects.get(user__email="x@example.org").organisation == a.organisation


def test_member_management_requires_the_second_factor(client, manager):
    client.force_login(manager)
    response = client.post(reverse("accounts:member_add"), {"email": "x@example.org", "role": "helper"})
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor"))
    assert not User.objects.filter(email="x@example.org").exists()
