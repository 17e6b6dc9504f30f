"""Follow-ups (« suivi »): the state machine and every transition, consent by account and at the desk,
revocation by the person and by the organisation (notified, journaled), the expiry task, erasure."""

import datetime as dt
import pathlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from relais import policy
from relais.accounts import services as account_services
from relais.casefile import registry, services, states
from relais.casefile.models import FollowUp, FollowUpState
from relais.casefile.states import TRANSITIONS, FollowUpTransitionError, follow_up_transition
from relais.casefile.tasks import follow_ups_daily
from relais.journal.models import Entry
from relais.notifications.models import Notification
from tests.casefile.factories import make_active_follow_up, pdf, propose
from tests.factories import OrganisationFactory, PersonFactory, verified_login
from tests.mandates.factories import helper_of, make_active_mandate

pytestmark = pytest.mark.django_db

S = FollowUpState


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


@pytest.fixture
def org():
    return OrganisationFactory()


@pytest.fixture
def helper(org):
    return helper_of(org)


def test_transition_table_is_the_documented_one():
    assert TRANSITIONS == {
        S.PENDING: {S.ACTIVE, S.ABANDONED},
        S.ACTIVE: {S.EXPIRED, S.REVOKED},
        S.EXPIRED: set(),
        S.REVOKED: set(),
        S.ABANDONED: set(),
    }


@pytest.mark.parametrize("start", [S.EXPIRED, S.REVOKED, S.ABANDONED])
@pytest.mark.parametrize("to", [S.ACTIVE, S.EXPIRED, S.REVOKED, S.ABANDONED, S.PENDING])
def test_final_states_allow_nothing(org, helper, start, to):
    follow_up = propose(organisation=org, person=PersonFactory(), helper=helper)
    FollowUp.objects.filter(pk=follow_up.pk).update(state=start)
    with pytest.raises(FollowUpTransitionError):
        follow_up_transition(follow_up, to=to, actor=helper)


def test_pending_cannot_be_revoked_nor_activated_without_consent(org, helper):
    follow_up = propose(organisation=org, person=PersonFactory(), helper=helper)
    with pytest.raises(FollowUpTransitionError):
        follow_up_transition(follow_up, to=S.REVOKED, actor=helper)
    with pytest.raises(FollowUpTransitionError, match="accord"):
        follow_up_transition(follow_up, to=S.ACTIVE, actor=helper)


def test_consent_at_the_desk_with_the_signed_sheet(org, helper):
    person = PersonFactory(user=None, first_name="Yvette", last_name="Roux", email="")
    follow_up = propose(organisation=org, person=person, helper=helper, categories=("social", "logement"))
    assert follow_up.state == S.PENDING and follow_up.consent_text.version == "1"
    follow_up = services.follow_up_sheet_upload(follow_up=follow_up, actor=helper, upload=pdf())
    assert follow_up.state == S.ACTIVE and follow_up.is_in_force
    assert follow_up.expires_at - follow_up.starts_at == dt.timedelta(days=182)
    assert follow_up.signed_sheet_type == "application/pdf"
    actions = list(Entry.objects.filter(person_id=person.pk).order_by("id").values_list("action", flat=True))
    assert actions == ["follow_up.requested", "follow_up.consented", "follow_up.activated"]
    grants = registry.grants_for(organisation=org, person=person)
    assert [g.source for g in grants] == ["follow_up"]
    assert grants[0].categories == frozenset({"social", "logement"})


def test_a_sheet_that_is_not_a_pdf_or_photo_is_refused(org, helper):
    follow_up = propose(organisation=org, person=PersonFactory(), helper=helper)
    with pytest.raises(ValidationError, match="PDF"):
        services.follow_up_sheet_upload(
            follow_up=follow_up, actor=helper, upload=SimpleUploadedFile("x.txt", b"hello world", "text/plain")
        )
    follow_up.refresh_from_db()
    assert follow_up.state == S.PENDING


def test_consent_by_account_accept_and_refuse(org, helper, django_capture_on_commit_callbacks):
    person = PersonFactory()
    follow_up = propose(organisation=org, person=person, helper=helper, method="account")
    with django_capture_on_commit_callbacks(execute=True):
        follow_up = services.follow_up_consent_by_account(follow_up=follow_up, user=person.user, accept=True)
    assert follow_up.state == S.ACTIVE
    assert Notification.objects.filter(person=person, event="follow_up_active").exists()
    other = PersonFactory()
    refused = propose(organisation=org, person=other, helper=helper, method="account")
    refused = services.follow_up_consent_by_account(follow_up=refused, user=other.user, accept=False)
    assert refused.state == S.ABANDONED


def test_account_consent_needs_an_account_and_the_right_person(org, helper):
    with pytest.raises(ValidationError, match="compte"):
        propose(
            organisation=org,
            person=PersonFactory(user=None, first_name="Yvette", last_name="Roux", email=""),
            helper=helper,
            method="account",
        )
    person = PersonFactory()
    follow_up = propose(organisation=org, person=person, helper=helper, method="account")
    with pytest.raises(policy.Refused):
        services.follow_up_consent_by_account(follow_up=follow_up, user=PersonFactory().user, accept=True)


def test_one_open_follow_up_per_organisation_and_person(org, helper):
    person = PersonFactory()
    propose(organisation=org, person=person, helper=helper)
    with pytest.raises(ValidationError, match="déjà"):
        propose(organisation=org, person=person, helper=helper)


def test_a_follow_up_never_allows_acting(org, helper):
    follow_up = make_active_follow_up(organisation=org, helper=helper, categories=("*",))
    assert not policy.decide(helper, "mandate.act", follow_up.person, category="social", organisation=org)


def test_the_organisation_cannot_propose_to_a_person_it_does_not_know(org, helper):
    stranger = PersonFactory()
    with pytest.raises(policy.Refused):
        services.follow_up_request_create(
            actor=helper,
            organisation=org,
            person=stranger,
            categories=["social"],
            duration_days=182,
            consent_method="paper",
        )


def test_revocation_by_the_person_notifies_and_journals(org, helper, django_capture_on_commit_callbacks):
    person = PersonFactory()
    follow_up = make_active_follow_up(organisation=org, person=person, helper=helper)
    with django_capture_on_commit_callbacks(execute=True):
        follow_up = services.follow_up_revoke_by_person(follow_up=follow_up, user=person.user)
    assert follow_up.state == S.REVOKED and follow_up.ended_by == person.user
    assert Notification.objects.filter(person=person, event="follow_up_revoked").exists()
    assert Notification.objects.filter(user=helper, event="follow_up_revoked_helper").exists()
    entry = Entry.objects.filter(action="follow_up.revoked").get()
    assert entry.details["by"] == "person"
    assert registry.grants_for(organisation=org, person=person) == ()
    ended = registry.last_ended_grant(organisation=org, person=person)
    assert "arrêté le" in ended.text


def test_revocation_by_the_organisation_needs_a_reason_told_to_the_person(
    org, helper, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    follow_up = make_active_follow_up(organisation=org, person=person, helper=helper)
    with pytest.raises(ValidationError, match="motif"):
        services.follow_up_revoke_by_organisation(follow_up=follow_up, actor=helper, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        follow_up = services.follow_up_revoke_by_organisation(
            follow_up=follow_up, actor=helper, reason="La personne a déménagé."
        )
    assert follow_up.state == S.REVOKED and follow_up.end_reason == "La personne a déménagé."
    notification = Notification.objects.get(person=person, event="follow_up_revoked")
    assert "La personne a déménagé." in notification.body
    assert Entry.objects.get(action="follow_up.revoked").details["by"] == "organisation"


def test_a_helper_of_another_organisation_cannot_end_it(org, helper):
    follow_up = make_active_follow_up(organisation=org, helper=helper)
    outsider = helper_of(OrganisationFactory())
    with pytest.raises(policy.Refused):
        services.follow_up_revoke_by_organisation(follow_up=follow_up, actor=outsider, reason="x")


def test_abandon_by_the_helper(org, helper):
    follow_up = propose(organisation=org, person=PersonFactory(), helper=helper)
    assert services.follow_up_abandon(follow_up=follow_up, actor=helper).state == S.ABANDONED


def test_expiry_task_moves_overdue_follow_ups_and_notifies(org, helper, django_capture_on_commit_callbacks):
    person = PersonFactory()
    follow_up = make_active_follow_up(organisation=org, person=person, helper=helper)
    kept = make_active_follow_up(organisation=org, helper=helper)
    past = timezone.now() - dt.timedelta(days=1)
    FollowUp.objects.filter(pk=follow_up.pk).update(starts_at=past - dt.timedelta(days=182), expires_at=past)
    with django_capture_on_commit_callbacks(execute=True):
        result = follow_ups_daily.enqueue().return_value
    assert result == {"expired": 1}
    follow_up.refresh_from_db()
    kept.refresh_from_db()
    assert follow_up.state == S.EXPIRED and kept.state == S.ACTIVE
    assert Notification.objects.filter(person=person, event="follow_up_expired").exists()
    assert "pris fin" in registry.last_ended_grant(organisation=org, person=person).text


def test_erasing_the_account_ends_the_follow_ups(org, helper):
    person = PersonFactory()
    active = make_active_follow_up(organisation=org, person=person, helper=helper)
    other = OrganisationFactory()
    other_helper = helper_of(other)
    make_active_mandate(organisation=other, person=person, helper=other_helper)  # the other structure knows them
    pending = propose(organisation=other, person=person, helper=other_helper)
    account_services.account_delete(user=person.user)
    active.refresh_from_db()
    pending.refresh_from_db()
    assert active.state == S.REVOKED and pending.state == S.ABANDONED


def test_mes_suivis_accept_and_withdraw_through_the_screens(client, org, helper):
    person = PersonFactory()
    follow_up = propose(organisation=org, person=person, helper=helper, method="account")
    verified_login(client, person.user)
    page = client.get(reverse("persons:my_follow_ups"))
    assert page.status_code == 200 and org.name in page.content.decode()
    response = client.post(reverse("persons:my_follow_up_answer", args=[follow_up.pk]), {"answer": "yes"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.state == S.ACTIVE
    client.post(reverse("persons:my_follow_up_revoke", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    assert follow_up.state == S.REVOKED


def test_the_person_mandates_page_links_to_mes_suivis(client):
    person = PersonFactory()
    verified_login(client, person.user)
    assert reverse("persons:my_follow_ups") in client.get(reverse("mandates:person_mandates")).content.decode()


def test_helper_screens_propose_print_upload_and_end(client, org, helper):
    person = PersonFactory(user=None, first_name="Yvette", last_name="Roux", email="", created_by_organisation=org)
    verified_login(client, helper)
    form = client.get(reverse("persons:follow_up_new", args=[person.pk]))
    assert form.status_code == 200
    bad = client.post(reverse("persons:follow_up_new", args=[person.pk]), {"duration_days": "182"})
    assert bad.status_code == 400 and "domaine" in bad.content.decode()
    response = client.post(
        reverse("persons:follow_up_new", args=[person.pk]),
        {"categories": ["social"], "duration_days": "182", "consent_method": "paper"},
    )
    follow_up = FollowUp.objects.get(person=person)
    assert response.url == reverse("persons:follow_up_detail", args=[follow_up.pk])
    sheet = client.get(reverse("persons:follow_up_sheet", args=[follow_up.pk]))
    assert "Date et signature de la personne" in sheet.content.decode()
    client.post(reverse("persons:follow_up_sheet_upload", args=[follow_up.pk]), {"sheet": pdf()})
    follow_up.refresh_from_db()
    assert follow_up.state == S.ACTIVE
    client.post(reverse("persons:follow_up_end", args=[follow_up.pk]), {"reason": "Fin de l'accompagnement."})
    follow_up.refresh_from_db()
    assert follow_up.state == S.REVOKED and follow_up.end_reason == "Fin de l'accompagnement."


def test_states_module_is_the_only_writer_of_state():
    root = pathlib.Path(states.__file__).parent
    writers = [path.name for path in root.glob("*.py") if ".state = " in path.read_text() and path.name != "states.py"]
    assert writers == []
