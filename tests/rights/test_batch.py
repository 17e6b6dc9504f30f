import csv
import io

import pytest
from django.urls import reverse

from relais.journal.models import Entry
from relais.organisations.models import MemberRole
from relais.rights import services
from relais.rights.models import BatchRun, BatchStatus, RightsProfile, UnclaimedRight
from tests.factories import MembershipFactory, OrganisationFactory, add_totp, verified_login
from tests.rights.factories import SINGLE_PARENT_ANSWERS, RightsProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed(commune_lyon):
    organisation = OrganisationFactory(name="France Services Test")
    helper = MembershipFactory(organisation=organisation, role=MemberRole.HELPER).user
    add_totp(helper)
    claims_nothing = RightsProfileFactory(organisation=organisation)
    already_ppa = RightsProfileFactory(
        organisation=organisation, answers={**SINGLE_PARENT_ANSWERS, "received": ["ppa"]}
    )
    no_consent = RightsProfileFactory(organisation=organisation, consent_to_batch=False)
    incomplete = RightsProfileFactory(organisation=organisation, answers={"adults": []})
    other_org = RightsProfileFactory(organisation=OrganisationFactory())
    return {
        "organisation": organisation,
        "helper": helper,
        "claims_nothing": claims_nothing,
        "already_ppa": already_ppa,
        "no_consent": no_consent,
        "incomplete": incomplete,
        "other": other_org,
    }


def test_batch_lists_rights_probably_not_claimed(followed, rights_engine, django_capture_on_commit_callbacks):
    helper = followed["helper"]
    helper.active_membership = helper.memberships.get()
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_run_start(organisation=followed["organisation"], actor=helper, period="2026-11")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert batch.total == 2 and batch.done == 2 and batch.skipped == 1
    by_person: dict[int, set] = {}
    for row in batch.rows:
        by_person.setdefault(row["person_id"], set()).add(row["benefit"])
    assert by_person[followed["claims_nothing"].person_id] == {"ppa", "aide_logement", "asf", "css"}
    assert by_person[followed["already_ppa"].person_id] == {"aide_logement", "asf", "css"}
    assert followed["no_consent"].person_id not in by_person and followed["other"].person_id not in by_person

    content = services.batch_csv(batch=batch, actor=helper)
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0] == services.CSV_HEADER
    ppa = [row for row in rows if row[4] == "Prime d'activité"]
    assert len(ppa) == 1 and ppa[0][5] == "392"  # net of CRDS
    assert Entry.objects.filter(action="rights.batch_exported").exists()


def test_batch_screens_for_helpers(client, followed, rights_engine, django_capture_on_commit_callbacks):
    helper = followed["helper"]
    verified_login(client, helper)
    page = client.get(reverse("rights:batch_home"))
    assert page.status_code == 200 and "3 personnes suivies" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rights:batch_home"))
    batch = BatchRun.objects.get()
    assert response.url == reverse("rights:batch_detail", kwargs={"batch_id": batch.pk})
    detail = client.get(response.url).content.decode()
    assert "Télécharger la liste" in detail
    export = client.get(reverse("rights:batch_csv", kwargs={"batch_id": batch.pk}))
    assert export["Content-Type"].startswith("text/csv")
    assert "Prime d'activité" in export.content.decode("utf-8-sig")


def test_other_organisation_cannot_see_the_batch(client, followed):
    batch = BatchRun.objects.create(organisation=followed["organisation"], period="2026-11", status=BatchStatus.DONE)
    outsider = MembershipFactory(role=MemberRole.HELPER).user
    add_totp(outsider)
    verified_login(client, outsider)
    assert client.get(reverse("rights:batch_detail", kwargs={"batch_id": batch.pk})).status_code == 404
    assert client.get(reverse("rights:batch_csv", kwargs={"batch_id": batch.pk})).status_code == 404


def test_failed_engine_marks_the_batch_failed(followed, monkeypatch):
    from relais.rights import engine

    def broken(*args, **kwargs):
        raise engine.EngineFailure("boom")

    monkeypatch.setattr(engine, "simulate", broken)
    monkeypatch.setattr(engine, "wait_ready", lambda timeout=None: True)
    batch = BatchRun.objects.create(organisation=followed["organisation"], period="2026-11")
    batch = services.batch_run_execute(batch=batch)
    assert batch.status == BatchStatus.FAILED and batch.error


@pytest.mark.slow
def test_demo_batch_on_1000_persons(rights_engine):
    """The demo command path: 1,000 followed persons, one batch, the CSV."""
    from io import StringIO

    from relais.accounts import demo as accounts_demo
    from relais.rights import demo as rights_demo
    from relais.territory import demo as territory_demo

    ctx: dict = {}
    out = StringIO()
    territory_demo.load(ctx, out)
    accounts_demo.load(ctx, out)
    rights_demo.load(ctx, out)
    rights_demo.load(ctx, out)  # idempotent
    organisation = ctx["organisations"]["fs_venissieux"]
    assert RightsProfile.objects.filter(organisation=organisation, consent_to_batch=True).count() == 1000
    batch = BatchRun.objects.create(organisation=organisation, period="2026-11")
    batch = services.batch_run_execute(batch=batch)
    assert batch.status == BatchStatus.DONE and batch.total == 1000 and batch.done == 1000
    assert len(batch.rows) > 300
    helper = ctx["users"]["sami.aidant@demo.relais.fr"]
    helper.active_membership = helper.memberships.get(organisation=organisation)
    content = services.batch_csv(batch=batch, actor=helper)
    assert content.count("\n") == len(batch.rows) + 1


def test_helper_runs_the_simulator_for_a_followed_person(client, followed, rights_engine):
    person = followed["claims_nothing"].person
    verified_login(client, followed["helper"])
    page = client.get(reverse("rights:for_person", kwargs={"person_id": person.pk}))
    assert page.status_code == 200
    response = client.post(reverse("rights:for_person", kwargs={"person_id": person.pk}))
    assert response.status_code == 302
    assert client.session["rights_answers"]["rent"] == 500
    assert Entry.objects.filter(action="rights.profile_opened", person_id=person.pk).exists()
    results = client.get(reverse("rights:results")).content.decode()
    assert "Enregistrer l'estimation dans le dossier de" in results
    session = client.session
    session["rights_answers"] = {**session["rights_answers"], "rent": 620}
    session.save()
    assert client.post(reverse("rights:save")).status_code == 302
    profile = RightsProfile.objects.get(person=person)
    assert profile.answers["rent"] == 620 and profile.result and profile.result_at
    assert Entry.objects.filter(action="rights.result_saved", person_id=person.pk).exists()
    # The benefits not received yet are in the organisation's « probably missed » list.
    missed = set(UnclaimedRight.objects.filter(person=person).values_list("benefit", flat=True))
    assert missed == {row["benefit"] for row in profile.result if not row["received"]} and missed


def test_helper_cannot_run_it_for_a_person_not_followed(client, followed):
    outsider = MembershipFactory(role=MemberRole.HELPER).user
    add_totp(outsider)
    verified_login(client, outsider)
    person = followed["claims_nothing"].person
    assert client.get(reverse("rights:for_person", kwargs={"person_id": person.pk})).status_code == 403
    assert client.post(reverse("rights:save")).status_code == 403
