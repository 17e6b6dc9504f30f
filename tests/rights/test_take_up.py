"""Rights probably not claimed, worked through: one row per (organisation, person, benefit) kept across
batches, explicit states with history and journal, the list shrinking by filter, the link to the person
file, take-up counted for managers, CSV export, retention and erasure."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.journal.models import Entry
from relais.organisations.models import MemberRole
from relais.rights import selectors, services, take_up
from relais.rights.models import BatchRun, TakeUpState, UnclaimedRight, UnclaimedRightChange
from relais.rights.states import TakeUpError, unclaimed_transition
from relais.www.rights.links import person_file_path
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, add_totp, verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


@pytest.fixture
def org():
    return OrganisationFactory(name="France Services Test")


def _member(org, role=MemberRole.HELPER):
    user = MembershipFactory(organisation=org, role=role).user
    add_totp(user)
    user.active_membership = user.memberships.select_related("organisation").get()
    return user


@pytest.fixture
def helper(org):
    return _member(org)


def _row(person, benefit="ppa", label="Prime d'activité", amount=120):
    return {
        "person_id": person.pk,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "phone": "",
        "benefit": benefit,
        "label": label,
        "amount": amount,
        "yearly": False,
        "free": False,
    }


def _batch(org, rows):
    batch = BatchRun.objects.create(organisation=org, period="2026-11", status="done", rows=rows)
    take_up.unclaimed_sync(batch=batch)
    return batch


def test_sync_creates_one_row_per_person_and_benefit_and_a_later_batch_keeps_states(org, helper):
    alice, bob = PersonFactory(), PersonFactory()
    first = _batch(org, [_row(alice), _row(alice, "css", "Complémentaire santé solidaire"), _row(bob)])
    assert UnclaimedRight.objects.filter(organisation=org).count() == 3
    right = UnclaimedRight.objects.get(person=alice, benefit="ppa")
    take_up.unclaimed_mark(right=right, actor=helper, state=TakeUpState.CONTACTED)
    second = _batch(org, [_row(alice), _row(bob), _row(bob, "css")])
    assert UnclaimedRight.objects.filter(organisation=org).count() == 4
    right.refresh_from_db()
    assert right.state == TakeUpState.CONTACTED and right.last_batch == second
    assert UnclaimedRight.objects.get(person=alice, benefit="css").last_batch == first  # not seen again
    # Another organisation has its own rows for the same person.
    other = OrganisationFactory()
    _batch(other, [_row(alice)])
    assert UnclaimedRight.objects.filter(person=alice, benefit="ppa").count() == 2


def test_state_machine_history_and_journal(org, helper):
    person = PersonFactory()
    _batch(org, [_row(person)])
    right = UnclaimedRight.objects.get()
    take_up.unclaimed_mark(right=right, actor=helper, state=TakeUpState.CONTACTED)
    take_up.unclaimed_mark(right=right, actor=helper, state=TakeUpState.CLAIMING)
    take_up.unclaimed_mark(right=right, actor=helper, state=TakeUpState.OBTAINED)
    with pytest.raises(TakeUpError):
        unclaimed_transition(right, to=TakeUpState.CONTACTED, actor=helper)  # obtained is final
    with pytest.raises(TakeUpError):
        unclaimed_transition(right, to="nonsense", actor=helper)
    history = list(
        UnclaimedRightChange.objects.filter(right=right).order_by("pk").values_list("from_state", "to_state")
    )
    assert history == [("detected", "contacted"), ("contacted", "claiming"), ("claiming", "obtained")]
    entries = Entry.objects.filter(action="rights.unclaimed_marked", person_id=person.pk)
    assert entries.count() == 3 and entries.filter(organisation_id=org.pk, actor_id=helper.pk).count() == 3


def test_only_helpers_of_the_organisation_mark(org, helper):
    from relais import policy

    person = PersonFactory()
    _batch(org, [_row(person)])
    right = UnclaimedRight.objects.get()
    outsider = _member(OrganisationFactory())
    agent = _member(org, MemberRole.AGENT)
    for user in (outsider, agent, person.user):
        with pytest.raises(policy.Refused):
            take_up.unclaimed_mark(right=right, actor=user, state=TakeUpState.CONTACTED)
    right.refresh_from_db()
    assert right.state == TakeUpState.DETECTED


def test_list_shrinks_by_filter_and_links_to_the_person_file(client, org, helper):
    alice, bob = PersonFactory(first_name="Alice"), PersonFactory(first_name="Bob")
    batch = _batch(org, [_row(alice), _row(bob)])
    verified_login(client, helper)
    url = reverse("rights:batch_detail", args=[batch.pk])
    page = client.get(url).content.decode()
    assert person_file_path(alice.pk) == f"/personnes/{alice.pk}/"
    assert f'href="/personnes/{alice.pk}/"' in page and f'href="/personnes/{bob.pk}/"' in page
    assert "À faire (2)" in page
    right = UnclaimedRight.objects.get(person=alice)
    response = client.post(
        reverse("rights:unclaimed_mark", args=[right.pk]), {"state": "contacted", "batch": batch.pk, "etat": "a-faire"}
    )
    assert response.status_code == 302 and response["Location"] == f"{url}?etat=a-faire"
    page = client.get(response["Location"]).content.decode()
    assert f'href="/personnes/{alice.pk}/"' not in page and f'href="/personnes/{bob.pk}/"' in page
    assert "C&#x27;est noté" in page
    page = client.get(url + "?etat=en-cours").content.decode()
    assert f'href="/personnes/{alice.pk}/"' in page and "En cours (1)" in page
    client.post(reverse("rights:unclaimed_mark", args=[right.pk]), {"state": "not_interested", "batch": batch.pk})
    page = client.get(url + "?etat=termine").content.decode()
    assert f'href="/personnes/{alice.pk}/"' in page and "Pas intéressé" in page
    # A bad state: a clear message, nothing changed.
    response = client.post(reverse("rights:unclaimed_mark", args=[right.pk]), {"state": "obtained_twice"})
    assert response.status_code == 302
    right.refresh_from_db()
    assert right.state == TakeUpState.NOT_INTERESTED
    # The batch page journals the persons it lists (one entry per request).
    assert Entry.objects.filter(action="rights.batch_viewed").count() == 4


def test_row_of_another_organisation_is_not_found(client, org, helper):
    person = PersonFactory()
    _batch(OrganisationFactory(), [_row(person)])
    verified_login(client, helper)
    right = UnclaimedRight.objects.get()
    response = client.post(reverse("rights:unclaimed_mark", args=[right.pk]), {"state": "contacted"})
    assert response.status_code == 404


def test_take_up_counts_shown_to_the_manager_and_csv(client, org, helper):
    people = [PersonFactory() for _ in range(4)]
    _batch(org, [_row(p) for p in people])
    rights = list(UnclaimedRight.objects.order_by("pk"))
    take_up.unclaimed_mark(right=rights[0], actor=helper, state=TakeUpState.CONTACTED)
    take_up.unclaimed_mark(right=rights[1], actor=helper, state=TakeUpState.CLAIMING)
    take_up.unclaimed_mark(right=rights[2], actor=helper, state=TakeUpState.OBTAINED)
    assert selectors.take_up_counts(organisation=org) == {
        "detected": 4,
        "contacted": 3,
        "claimed": 2,
        "obtained": 1,
        "not_interested": 0,
    }
    manager = _member(org, MemberRole.MANAGER)
    verified_login(client, manager)
    page = client.get(reverse("rights:batch_home")).content.decode()
    assert "Recours aux droits de votre structure" in page
    assert '<th scope="row">Aides obtenues</th><td>1</td><td>25 %</td>' in page
    response = client.get(reverse("rights:take_up_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == take_up.TAKE_UP_CSV_HEADER and len(rows) == 5
    assert sorted(r[4] for r in rows[1:]) == ["contacté", "demande en cours", "obtenu", "à traiter"]
    assert Entry.objects.filter(action="rights.take_up_exported", actor_id=manager.pk).count() == 1
    # Helpers do not see the figures.
    client.logout()
    verified_login(client, helper)
    assert "Recours aux droits de votre structure" not in client.get(reverse("rights:batch_home")).content.decode()
    assert client.get(reverse("rights:take_up_csv")).status_code == 403


def test_csv_neutralises_formulas(client, org):
    person = PersonFactory(first_name="=HYPERLINK(1)")
    _batch(org, [_row(person)])
    manager = _member(org, MemberRole.MANAGER)
    content = take_up.take_up_csv(organisation=org, actor=manager)
    assert "'=HYPERLINK(1)" in content


def test_selector_for_the_person_file(org, helper):
    person = PersonFactory()
    _batch(org, [_row(person), _row(person, "css", "Complémentaire santé solidaire")])
    _batch(OrganisationFactory(), [_row(person, "rsa", "RSA")])
    rows = selectors.unclaimed_for_person(organisation=org, person=person)
    assert sorted(r.benefit for r in rows) == ["css", "ppa"]
    assert all(r.get_state_display() == "à traiter" for r in rows)


def test_retention_and_erasure(org, helper):
    old, fresh, gone = PersonFactory(), PersonFactory(), PersonFactory()
    _batch(org, [_row(old), _row(fresh), _row(gone)])
    closed = UnclaimedRight.objects.get(person=old)
    take_up.unclaimed_mark(right=closed, actor=helper, state=TakeUpState.OBTAINED)
    long_ago = timezone.now() - dt.timedelta(days=3 * 365)
    UnclaimedRight.objects.filter(pk=closed.pk).update(state_changed_at=long_ago, last_seen_at=long_ago)
    assert take_up.unclaimed_purge_expired() == 1
    assert not UnclaimedRight.objects.filter(person=old).exists()
    assert UnclaimedRight.objects.filter(person=fresh).exists()
    assert Entry.objects.filter(action="retention.unclaimed_rights_purged").exists()
    from relais.accounts.signals import person_erased

    person_erased.send(sender=type(gone), person=gone, user_id=gone.user_id)
    assert not UnclaimedRight.objects.filter(person=gone).exists()


def test_real_batch_feeds_the_rows(commune_lyon, rights_engine, django_capture_on_commit_callbacks):
    from tests.rights.factories import RightsProfileFactory

    organisation = OrganisationFactory()
    helper = _member(organisation)
    RightsProfileFactory(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_run_start(organisation=organisation, actor=helper, period="2026-11")
    batch.refresh_from_db()
    assert batch.rows
    assert UnclaimedRight.objects.filter(organisation=organisation, last_batch=batch).count() == len(
        {(r["person_id"], r["benefit"]) for r in batch.rows}
    )


def test_migration_turns_the_latest_batch_of_each_organisation_into_rows(org):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("relais.rights.migrations.0003_unclaimed_rights_from_latest_batches")
    alice, bob = PersonFactory(), PersonFactory()
    BatchRun.objects.create(organisation=org, period="2026-10", status="done", rows=[_row(bob)])
    latest = BatchRun.objects.create(organisation=org, period="2026-11", status="done", rows=[_row(alice)])
    BatchRun.objects.create(organisation=org, period="2026-12", status="failed", rows=[])
    migration.forwards(apps, None)
    right = UnclaimedRight.objects.get()
    assert right.person == alice and right.last_batch == latest and right.state == TakeUpState.DETECTED
