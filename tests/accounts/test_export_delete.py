import json

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.models import EmailVerification, Person, User
from relais.accounts.services import (
    account_delete,
    backup_codes_regenerate,
    email_verification_create,
    person_export_data,
)
from relais.journal import actions
from relais.journal.models import Entry
from relais.journal.selectors import journal_verify
from relais.journal.services import journal_record
from relais.organisations.models import Membership
from tests.factories import PASSWORD, MembershipFactory, PersonFactory, add_totp, verified_login

pytestmark = pytest.mark.django_db


def test_export_contains_account_person_related_rows_and_journal_without_secrets(client):
    person = PersonFactory(user__email="awa@example.org", user__first_name="Awa", phone="+33612345678")
    user = person.user
    MembershipFactory(user=user)  # a related row of another app
    email_verification_create(user=user)
    add_totp(user)
    codes = backup_codes_regenerate(user=user)
    with actions.declared_for_test("test.seen"):
        journal_record(action="test.seen", actor=999, person=person, details={"why": "test"})
    verified_login(client, user)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="relais-mes-donnees-')
    raw = response.content.decode()
    data = json.loads(raw)
    assert data["account"]["email"] == "awa@example.org"
    assert data["person"]["phone"] == "+33612345678"
    assert "organisations.membership:user" in data["account_related"]
    assert "accounts.emailverification:user" in data["account_related"]
    assert "otp_totp.totpdevice:user" in data["account_related"]
    assert any(e["action"] == "test.seen" and e["actor_id"] == 999 for e in data["journal"])
    # No secret leaves the database.
    assert "password" not in data["account"]
    assert user.password not in raw
    assert "token_hash" not in raw and "claim_code_hash" not in raw
    assert TOTPDevice.objects.get(user=user).key not in raw
    assert not any(code in raw for code in codes)
    assert EmailVerification.objects.get(user=user).token_hash not in raw
    assert Entry.objects.filter(action="person.data_exported", person_id=person.pk).exists()


def test_export_walks_relations_generically():
    """Any model pointing at the user or the person is exported without changes in the walker."""
    person = PersonFactory()
    data = person_export_data(user=person.user)
    related_models = {rel.related_model._meta.label_lower for rel in Person._meta.related_objects}
    assert related_models  # other domains reference the person
    assert set(data["person_related"]) <= {
        f"{rel.related_model._meta.label_lower}:{rel.field.name}" for rel in Person._meta.related_objects
    }
    assert data["account_related"] == {}  # nothing yet: no verification, device or membership


def test_delete_needs_the_right_password(client):
    person = PersonFactory()
    client.force_login(person.user)
    response = client.post(reverse("accounts:delete"), {"password": "faux"})
    assert response.status_code == 200
    assert "Ce mot de passe n&#x27;est pas le bon" in response.content.decode()
    assert User.objects.filter(pk=person.user.pk).exists()


def test_delete_erases_the_account_and_keeps_a_pseudonymous_journal(client):
    person = PersonFactory(user__email="awa@example.org", phone="+33612345678")
    user_id, person_id = person.user.pk, person.pk
    with actions.declared_for_test("dossier.read"):
        journal_record(action="dossier.read", actor=12345, person=person)
    add_totp(person.user)
    client.force_login(person.user)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("www:home")
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(pk=user_id).exists()
    assert not TOTPDevice.objects.filter(user_id=user_id).exists()
    person = Person.objects.get(pk=person_id)
    assert (person.first_name, person.last_name, person.email, person.phone, person.user) == ("", "", "", "", None)
    assert person.erased_at is not None
    assert "Awa" not in str(person)
    entry = Entry.objects.get(action="account.deleted")
    assert (entry.actor_id, entry.person_id, entry.actor_label) == (user_id, person_id, "")
    assert "awa@example.org" not in json.dumps(entry.details)
    assert Entry.objects.filter(action="dossier.read", person_id=person_id).exists()  # the journal is untouched
    assert journal_verify().ok


def test_deleted_account_cannot_log_in(client):
    person = PersonFactory(user__email="awa@example.org")
    account_delete(user=person.user)
    response = client.post(reverse("accounts:login"), {"username": "awa@example.org", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_professional_deletion_removes_memberships(client, helper_user):
    verified_login(client, helper_user)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not Membership.objects.filter(user_id=helper_user.pk).exists()


def test_rows_about_other_people_are_reduced_to_ids_and_dates(helper_user):
    """A helper's export lists the sessions they led, but not what they wrote about others."""
    from tests.mandates.factories import make_session

    other = PersonFactory(first_name="Yvette")
    organisation = helper_user.memberships.get().organisation
    session = make_session(organisation=organisation, helper=helper_user, person=other, notes="Yvette a besoin d'aide")
    own = make_session(organisation=organisation, helper=helper_user, notes="Sans personne")
    rows = person_export_data(user=helper_user)["account_related"]["mandates.accompanimentsession:helper"]
    by_id = {row["id"]: row for row in rows}
    assert by_id[session.pk]["third_party"] is True and by_id[session.pk]["person_id"] == other.pk
    assert "notes" not in by_id[session.pk]
    assert by_id[own.pk]["notes"] == "Sans personne"
    assert "Yvette" not in json.dumps(rows)


def test_erasure_tells_other_domains_through_a_signal():
    from relais.accounts.signals import person_erased

    received = []

    def receiver(sender, person, user_id, **kwargs):
        received.append((person.pk, person.first_name, user_id))

    person = PersonFactory()
    user_id = person.user.pk
    person_erased.connect(receiver)
    try:
        account_delete(user=person.user)
    finally:
        person_erased.disconnect(receiver)
    assert received == [(person.pk, "", user_id)]


def test_an_account_protected_by_other_records_is_anonymised_instead(monkeypatch):
    from django.db.models.deletion import ProtectedError

    person = PersonFactory(user__email="awa@example.org")
    membership = MembershipFactory(user=person.user)
    user_id = person.user.pk

    def refuse(self, *args, **kwargs):
        raise ProtectedError("protected", set())

    monkeypatch.setattr(User, "delete", refuse)
    account_delete(user=person.user)
    user = User.objects.get(pk=user_id)
    assert (user.email, user.first_name, user.is_active, user.has_usable_password()) == (
        f"compte-supprime-{user_id}@invalid.relais",
        "",
        False,
        False,
    )
    membership.refresh_from_db()
    assert not membership.is_active
    assert Entry.objects.get(action="account.deleted").details["user"] == "anonymised"
