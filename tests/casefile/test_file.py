"""The person file /personnes/<id>/: content per scope (category filtering), pending for whom, expiring
documents, benefits, refusal reasons, one journal entry per view, and a query count that does not grow
with the history."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.casefile import services
from relais.casefile.models import FollowUp
from relais.journal.models import Entry
from relais.organisations.models import MemberRole
from relais.procedures.models import Dossier
from relais.rights.models import BatchRun, BatchStatus, RightsProfile
from tests.casefile.factories import document, dossier, make_active_follow_up, procedure
from tests.factories import OrganisationFactory, PersonFactory, verified_login
from tests.mandates.factories import expire_now, helper_of, make_active_mandate

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


def _open(client, helper, person):
    verified_login(client, helper)
    return client.get(reverse("persons:file", args=[person.pk]))


def test_the_file_shows_what_the_follow_up_covers_and_nothing_else(client, org, helper):
    person = PersonFactory(first_name="Mohamed", last_name="Benali")
    make_active_follow_up(organisation=org, person=person, helper=helper, categories=("social",))
    social = dossier(person=person, proc=procedure("social"), state="correction_requested")
    housing = dossier(person=person, proc=procedure("logement"), state="in_review")
    document(person=person, doc_type="caf_certificate", title="Attestation CAF", expires_in_days=20)
    document(person=person, doc_type="identity", title="Carte d'identité secrète", expires_in_days=10)
    page = _open(client, helper, person)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mohamed Benali" in html
    assert social.reference in html and housing.reference not in html
    assert "Attend la personne" in html and "Corriger le dossier" in html
    assert "Attend l&#x27;administration" not in html  # the housing dossier is outside the scope
    assert "Attestation CAF" in html and "Carte d&#x27;identité secrète" not in html
    entry = Entry.objects.get(action="person.file_viewed")
    assert entry.details["pending"] == {"person": 1}
    assert entry.details["panels"]["documents.expiring"] == 1


def test_a_mandate_opens_the_file_in_its_categories(client, org, helper):
    person = PersonFactory()
    make_active_mandate(organisation=org, person=person, helper=helper, categories=("logement",))
    housing = dossier(person=person, proc=procedure("logement"), state="submitted")
    social = dossier(person=person, proc=procedure("social"), state="submitted")
    document(person=person, doc_type="address", title="Quittance de loyer", expires_in_days=5)
    html = _open(client, helper, person).content.decode()
    assert housing.reference in html and social.reference not in html
    assert "Attend l&#x27;administration" in html
    assert "Quittance de loyer" in html
    assert "Mandat en cours" in html


def test_all_domains_follow_up_shows_everything_with_the_timeline_newest_first(client, org, helper):
    person = PersonFactory()
    make_active_follow_up(organisation=org, person=person, helper=helper, categories=("*",))
    old = dossier(person=person, proc=procedure("social"))
    new = dossier(person=person, proc=procedure("justice"))
    Dossier.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
    html = _open(client, helper, person).content.decode()
    timeline = html[html.index('id="h-timeline"') :]
    assert timeline.index(new.reference) < timeline.index(old.reference)


def test_benefits_received_and_probably_missed(client, org, helper):
    person = PersonFactory()
    make_active_follow_up(organisation=org, person=person, helper=helper, categories=("social",))
    RightsProfile.objects.create(person=person, answers={"received": ["ppa"]})
    BatchRun.objects.create(
        organisation=org,
        period="2026-11",
        status=BatchStatus.DONE,
        finished_at=timezone.now(),
        rows=[
            {"person_id": person.pk, "benefit": "rsa", "label": "RSA", "amount": 320, "yearly": False},
            {"person_id": person.pk + 999, "benefit": "css", "label": "Autre personne", "amount": 0},
        ],
    )
    html = _open(client, helper, person).content.decode()
    assert "Reçoit" in html and "Probablement non réclamé : RSA" in html and "320" in html
    assert "Autre personne" not in html


@pytest.mark.parametrize("role", ["helper", "manager"])
def test_helpers_and_managers_of_the_organisation_may_open_it(client, org, role):

    person = PersonFactory()
    make_active_follow_up(organisation=org, person=person)
    user = helper_of(org, role=MemberRole.MANAGER if role == "manager" else MemberRole.HELPER)
    assert _open(client, user, person).status_code == 200


def test_refusal_without_any_grant_says_why(client, org, helper):
    person = PersonFactory()
    page = _open(client, helper, person)
    assert page.status_code == 403
    assert "ni mandat en cours ni suivi" in page.content.decode()
    assert not Entry.objects.filter(action="person.file_viewed").exists()


def test_another_organisation_is_refused(client, org, helper):
    person = PersonFactory()
    make_active_follow_up(organisation=org, person=person, helper=helper)
    outsider = helper_of(OrganisationFactory())
    assert _open(client, outsider, person).status_code == 403


def test_agents_and_the_person_are_refused(client, org):

    person = PersonFactory()
    make_active_follow_up(organisation=org, person=person)
    agent = helper_of(org, role=MemberRole.AGENT)
    assert _open(client, agent, person).status_code == 403
    client.logout()
    assert _open(client, person.user, person).status_code == 403


def test_follow_up_withdrawn_while_the_file_is_open(client, org, helper):
    person = PersonFactory()
    follow_up = make_active_follow_up(organisation=org, person=person, helper=helper)
    assert _open(client, helper, person).status_code == 200
    services.follow_up_revoke_by_person(follow_up=follow_up, user=person.user)
    page = client.get(reverse("persons:file", args=[person.pk]))
    assert page.status_code == 403
    assert "arrêté le" in page.content.decode()
    note = client.post(reverse("persons:note_add", args=[person.pk]), {"text": "Après le retrait"})
    assert note.status_code == 403


def test_mandate_expired_while_the_file_is_open(client, org, helper):
    person = PersonFactory()
    mandate = make_active_mandate(organisation=org, person=person, helper=helper)
    assert _open(client, helper, person).status_code == 200
    expire_now(mandate)
    page = client.get(reverse("persons:file", args=[person.pk]))
    assert page.status_code == 403
    assert "Le mandat de" in page.content.decode() and "pris fin" in page.content.decode()


def test_one_journal_entry_per_view_saying_what_was_shown(client, org, helper):
    person = PersonFactory()
    make_active_follow_up(organisation=org, person=person, helper=helper)
    dossier(person=person, proc=procedure("social"))
    services.note_add(actor=helper, organisation=org, person=person, text="Rappeler lundi.")
    before = Entry.objects.count()
    _open(client, helper, person)
    entries = list(Entry.objects.order_by("id")[before:])
    assert [e.action for e in entries] == ["person.file_viewed"]
    details = entries[0].details
    assert details["grants"] == ["follow_up"] and details["categories"] == ["social"]
    assert details["timeline"]["procedures.dossier"] == 1
    assert len(details["notes"]) == 1
    assert entries[0].person_id == person.pk and entries[0].organisation_id == org.pk


def _history(person, org, helper, n: int) -> None:
    social = procedure("social")
    for index in range(n):
        made = dossier(
            person=person, proc=social, state="correction_requested" if index % 2 else "in_review", transitions=2
        )
        assert made.pk
        document(person=person, doc_type="caf_certificate", title=f"Attestation {index}", expires_in_days=index % 90)
        services.note_add(actor=helper, organisation=org, person=person, text=f"Note {index}")
    RightsProfile.objects.get_or_create(person=person, defaults={"answers": {"received": ["ppa"]}})


def _count_queries(client, person) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("persons:file", args=[person.pk]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_history(client, org, helper):
    small, large = PersonFactory(), PersonFactory()
    for person in (small, large):
        make_active_follow_up(organisation=org, person=person, helper=helper, categories=("*",))
        make_active_mandate(organisation=org, person=person, helper=helper)
    _history(small, org, helper, 2)
    _history(large, org, helper, 60)  # 60 dossiers x (1 + 2 moves) + 60 documents + 60 notes: over 300 events
    verified_login(client, helper)
    _count_queries(client, small)  # warm the caches (session, content types)
    few = _count_queries(client, small)
    many = _count_queries(client, large)
    assert many == few, f"{few} queries for a short history, {many} for a long one"
    assert FollowUp.objects.count() == 2


def test_the_latest_events_by_default_the_whole_history_on_demand(client, org, helper):
    person = PersonFactory()
    make_active_follow_up(organisation=org, person=person, helper=helper, categories=("*",))
    social = procedure("social")
    for _ in range(60):
        dossier(person=person, proc=social, state="accepted")
    page = _open(client, helper, person).content.decode()
    timeline = page[page.index('id="h-timeline"') :]
    assert timeline.count("<time ") == 50 and "historique=tout" in timeline
    full = client.get(reverse("persons:file", args=[person.pk]) + "?historique=tout").content.decode()
    assert full[full.index('id="h-timeline"') :].count("<time ") > 60
