"""Private notes: written and read by the organisation's members only, journaled, struck through (never
edited silently), in the person's export, erased with the person and after the retention limit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from relais import policy
from relais.accounts import services as account_services
from relais.casefile import services
from relais.casefile.models import FollowUp, PrivateNote
from relais.casefile.retention import notes_purge
from relais.journal.models import Entry
from tests.casefile.factories import make_active_follow_up
from tests.factories import OrganisationFactory, PersonFactory, verified_login
from tests.mandates.factories import helper_of, make_active_mandate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


@pytest.fixture
def org():
    return OrganisationFactory()


@pytest.fixture
def helper(org):
    return helper_of(org)


@pytest.fixture
def followed(org, helper):
    return make_active_follow_up(organisation=org, helper=helper).person


def test_add_a_note_through_the_file(client, org, helper, followed):
    verified_login(client, helper)
    response = client.post(reverse("persons:note_add", args=[followed.pk]), {"text": "A besoin d'un rendez-vous CAF."})
    assert response.status_code == 302
    note = PrivateNote.objects.get()
    assert note.organisation == org and note.author == helper and note.person == followed
    assert Entry.objects.filter(action="note.created", person_id=followed.pk).count() == 1
    page = client.get(reverse("persons:file", args=[followed.pk])).content.decode()
    assert "A besoin d&#x27;un rendez-vous CAF." in page


def test_an_empty_note_keeps_the_page_and_says_why(client, helper, followed):
    verified_login(client, helper)
    response = client.post(reverse("persons:note_add", args=[followed.pk]), {"text": "   "})
    assert response.status_code == 400
    assert "La note est vide" in response.content.decode()
    assert not PrivateNote.objects.exists()


def test_a_long_note_is_refused_and_the_text_is_kept(client, helper, followed):
    verified_login(client, helper)
    text = "x" * 4001
    response = client.post(reverse("persons:note_add", args=[followed.pk]), {"text": text})
    assert response.status_code == 400
    assert text in response.content.decode()


def test_notes_of_one_organisation_are_never_shown_to_another(client, org, helper, followed):
    services.note_add(actor=helper, organisation=org, person=followed, text="Confidentiel structure A")
    other = OrganisationFactory()
    other_helper = helper_of(other)
    make_active_mandate(organisation=other, person=followed, helper=other_helper)
    verified_login(client, other_helper)
    html = client.get(reverse("persons:file", args=[followed.pk])).content.decode()
    assert "Confidentiel structure A" not in html
    with pytest.raises(policy.Refused):
        services.note_strike(actor=other_helper, note=PrivateNote.objects.get(), reason="non")


def test_writing_needs_a_grant(org, helper):
    stranger = PersonFactory()
    with pytest.raises(policy.Refused):
        services.note_add(actor=helper, organisation=org, person=stranger, text="Non")


def test_strike_keeps_the_text_with_who_and_why(client, org, helper, followed):
    note = services.note_add(actor=helper, organisation=org, person=followed, text="Erreur de personne")
    verified_login(client, helper)
    client.post(reverse("persons:note_strike", args=[followed.pk, note.pk]), {"reason": "Mauvaise personne"})
    note.refresh_from_db()
    assert note.struck_at and note.struck_by == helper and note.strike_reason == "Mauvaise personne"
    assert note.text == "Erreur de personne"
    assert Entry.objects.filter(action="note.struck").count() == 1
    html = client.get(reverse("persons:file", args=[followed.pk])).content.decode()
    assert "<del>Erreur de personne</del>" in html and "Mauvaise personne" in html
    with pytest.raises(ValidationError, match="déjà"):
        services.note_strike(actor=helper, note=note, reason="encore")


def test_strike_needs_a_reason(org, helper, followed):
    note = services.note_add(actor=helper, organisation=org, person=followed, text="Texte")
    with pytest.raises(ValidationError):
        services.note_strike(actor=helper, note=note, reason="")


def test_notes_are_in_the_persons_export(org, helper, followed):
    services.note_add(actor=helper, organisation=org, person=followed, text="Visible dans l'export")
    data = account_services.person_export_data(user=followed.user)
    rows = data["person_related"]["casefile.privatenote:person"]
    assert rows[0]["text"] == "Visible dans l'export"


def test_notes_are_erased_with_the_person_and_the_file_says_so(org, helper, followed):
    note = services.note_add(actor=helper, organisation=org, person=followed, text="À effacer")
    account_services.account_delete(user=followed.user)
    note.refresh_from_db()
    assert note.text == "" and note.erased_at is not None
    follow_up = FollowUp.objects.get(person=followed)
    assert follow_up.state == "revoked"


def test_the_file_says_plainly_when_a_notes_text_was_erased(client, org, helper, followed):
    note = services.note_add(actor=helper, organisation=org, person=followed, text="Ancienne")
    PrivateNote.objects.filter(pk=note.pk).update(text="", erased_at=timezone.now())
    verified_login(client, helper)
    html = client.get(reverse("persons:file", args=[followed.pk])).content.decode()
    assert "Le texte de cette note a été effacé" in html


def test_retention_erases_notes_two_years_after_the_last_grant_ended(org, helper):
    follow_up = make_active_follow_up(organisation=org, helper=helper)
    person = follow_up.person
    note = services.note_add(actor=helper, organisation=org, person=person, text="Vieille note")
    long_ago = timezone.now() - dt.timedelta(days=800)
    PrivateNote.objects.filter(pk=note.pk).update(created_at=long_ago)
    assert notes_purge() == 0  # the follow-up is in force: kept
    services.follow_up_revoke_by_person(follow_up=follow_up, user=person.user)
    assert notes_purge() == 0  # ended today: kept two more years
    FollowUp.objects.filter(pk=follow_up.pk).update(ended_at=long_ago)
    assert notes_purge() == 1
    note.refresh_from_db()
    assert note.text == "" and note.erased_at is not None
    assert Entry.objects.filter(action="note.erased", person_id=person.pk).exists()
