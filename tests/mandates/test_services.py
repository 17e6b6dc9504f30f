"""Mandate services: one transaction, consent methods, revocation, expiry, fingerprint, records."""

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from relais.journal.models import Entry
from relais.journal.selectors import journal_verify
from relais.mandates import services
from relais.mandates.models import Authorisation, Mandate, MandateState
from relais.mandates.states import TransitionError, compute_fingerprint, mandate_transition
from relais.notifications import backends
from relais.notifications.models import Notification
from tests.factories import OrganisationFactory, PersonFactory, totp_now
from tests.mandates.factories import PDF_BYTES, expire_now, helper_of, make_active_mandate

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(allowed_mandate_categories=["social", "logement", "famille"])


@pytest.fixture
def helper(org):
    return helper_of(org)


def _request(helper, org, person, **kwargs):
    data = {"categories": ["social", "logement"], "duration_days": 31, "consent_method": "paper"}
    data.update(kwargs)
    return services.mandate_request_create(actor=helper, organisation=org, person=person, **data)


def test_creation_is_one_transaction(org, helper):
    person = PersonFactory()
    real_bulk = Authorisation.objects.bulk_create

    def failing(objs, *a, **k):
        real_bulk(objs[:1])
        raise IntegrityError("boom")

    with mock.patch.object(Authorisation.objects, "bulk_create", side_effect=failing), pytest.raises(IntegrityError):
        _request(helper, org, person)
    assert not Mandate.objects.exists()
    assert not Authorisation.objects.exists()


def test_categories_limited_to_organisation(org, helper):
    with pytest.raises(ValidationError) as error:
        _request(helper, org, PersonFactory(), categories=["social", "justice"])
    assert "habilitée" in " ".join(error.value.messages)
    assert not Mandate.objects.exists()


def test_duration_must_be_one_of_the_four(org, helper):
    with pytest.raises(ValidationError):
        _request(helper, org, PersonFactory(), duration_days=30)


def test_agent_cannot_create(org):
    from relais import policy
    from relais.organisations.models import MemberRole

    agent = helper_of(org, role=MemberRole.AGENT)
    with pytest.raises(policy.Refused):
        _request(agent, org, PersonFactory())


def test_sms_consent_flow(org, helper):
    backends.outbox.clear()
    person = PersonFactory(phone="")
    mandate = _request(helper, org, person, consent_method="sms", sms_phone="06 12 34 56 78")
    assert mandate.sms_phone == "+33612345678"
    services.mandate_sms_code_send(mandate=mandate, actor=helper)
    assert len(backends.outbox) == 1
    sms = backends.outbox[-1]
    assert sms.to == "+33612345678"
    code = "".join(ch for ch in sms.text if ch.isdigit())[-6:]
    mandate.refresh_from_db()
    assert code not in mandate.sms_code_hash and len(mandate.sms_code_hash) == 64
    wrong = "000000" if code != "000000" else "111111"
    check = services.mandate_sms_code_verify(mandate=mandate, actor=helper, code=wrong)
    assert not check.ok and "Essais restants : 4" in check.message
    check = services.mandate_sms_code_verify(mandate=mandate, actor=helper, code=code)
    assert check.ok
    mandate.refresh_from_db()
    assert mandate.consented_at is not None
    with pytest.raises(ValidationError):
        services.mandate_confirm(
            mandate=mandate, actor=helper, totp_token="123456" if totp_now() != "123456" else "654321"
        )
    mandate = services.mandate_confirm(mandate=mandate, actor=helper, totp_token=totp_now())
    assert mandate.state == MandateState.ACTIVE
    assert mandate.expires_at - mandate.starts_at == dt.timedelta(days=31)
    assert mandate.fingerprint == compute_fingerprint(mandate)


def test_sms_code_attempts_limit_and_expiry(org, helper, settings):
    backends.outbox.clear()
    mandate = _request(helper, org, PersonFactory(), consent_method="sms", sms_phone="0712345678")
    services.mandate_sms_code_send(mandate=mandate, actor=helper)
    code = "".join(ch for ch in backends.outbox[-1].text if ch.isdigit())[-6:]
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(settings.MANDATE_SMS_CODE_MAX_ATTEMPTS):
        assert not services.mandate_sms_code_verify(mandate=mandate, actor=helper, code=wrong).ok
    check = services.mandate_sms_code_verify(mandate=mandate, actor=helper, code=code)
    assert not check.ok and "Trop d'essais" in check.message
    services.mandate_sms_code_send(mandate=mandate, actor=helper)
    code = "".join(ch for ch in backends.outbox[-1].text if ch.isdigit())[-6:]
    Mandate.objects.filter(pk=mandate.pk).update(sms_code_expires_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    check = services.mandate_sms_code_verify(mandate=mandate, actor=helper, code=code)
    assert not check.ok and "expiré" in check.message


def test_sms_needs_a_mobile(org, helper):
    with pytest.raises(ValidationError):
        _request(helper, org, PersonFactory(), consent_method="sms", sms_phone="01 23 45 67 89")


def test_account_consent(org, helper, django_capture_on_commit_callbacks):
    person = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        mandate = _request(helper, org, person, consent_method="account")
    assert Notification.objects.filter(key=f"mandate-{mandate.pk}-consent-request").exists()
    from relais import policy

    intruder = PersonFactory()
    with pytest.raises(policy.Refused):
        services.mandate_consent_by_account(mandate=mandate, user=intruder.user, accept=True)
    services.mandate_consent_by_account(mandate=mandate, user=person.user, accept=True)
    mandate.refresh_from_db()
    assert mandate.consented_at is not None and mandate.state == MandateState.PENDING


def test_account_consent_needs_an_account(org, helper):
    person = PersonFactory(user=None, first_name="A", last_name="B", email="")
    with pytest.raises(ValidationError):
        _request(helper, org, person, consent_method="account")


def test_account_refusal_abandons(org, helper):
    person = PersonFactory()
    mandate = _request(helper, org, person, consent_method="account")
    mandate = services.mandate_consent_by_account(mandate=mandate, user=person.user, accept=False)
    assert mandate.state == MandateState.ABANDONED


def test_paper_attestation_content_checked(org, helper):
    mandate = _request(helper, org, PersonFactory())
    with pytest.raises(ValidationError):
        services.mandate_attestation_upload(
            mandate=mandate, actor=helper, upload=SimpleUploadedFile("a.pdf", b"<html>not a pdf</html>")
        )
    services.mandate_attestation_upload(mandate=mandate, actor=helper, upload=SimpleUploadedFile("a.pdf", PDF_BYTES))
    mandate.refresh_from_db()
    assert mandate.signed_attestation_type == "application/pdf" and mandate.consented_at


def test_confirm_without_consent_refused(org, helper):
    mandate = _request(helper, org, PersonFactory())
    with pytest.raises(ValidationError):
        services.mandate_confirm(mandate=mandate, actor=helper, totp_token=totp_now())


def test_state_machine_refuses_bad_transitions(org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper)
    with pytest.raises(TransitionError):
        mandate_transition(mandate, to=MandateState.ACTIVE, actor=helper)
    mandate_transition(mandate, to=MandateState.REVOKED, actor=mandate.person.user)
    with pytest.raises(TransitionError):
        mandate_transition(mandate, to=MandateState.EXPIRED)


def test_revoke_one_category_leaves_others(org, helper, django_capture_on_commit_callbacks):
    mandate = make_active_mandate(organisation=org, helper=helper, categories=("social", "logement"))
    person_user = mandate.person.user
    with django_capture_on_commit_callbacks(execute=True):
        services.authorisation_revoke(mandate=mandate, category="logement", actor=person_user)
    mandate.refresh_from_db()
    assert mandate.state == MandateState.ACTIVE
    assert mandate.active_categories() == ["social"]
    assert Notification.objects.filter(key=f"mandate-{mandate.pk}-revoked-logement").exists()
    assert Entry.objects.filter(action="mandate.authorisation_revoked", mandate_id=mandate.pk).exists()
    # Revoking the last category revokes the mandate.
    services.authorisation_revoke(mandate=mandate, category="social", actor=person_user)
    mandate.refresh_from_db()
    assert mandate.state == MandateState.REVOKED


def test_revoke_all(org, helper, django_capture_on_commit_callbacks):
    mandate = make_active_mandate(organisation=org, helper=helper)
    with django_capture_on_commit_callbacks(execute=True):
        services.mandate_revoke(mandate=mandate, actor=mandate.person.user)
    mandate.refresh_from_db()
    assert mandate.state == MandateState.REVOKED
    assert all(a.revoked_at for a in mandate.authorisations.all())
    assert Notification.objects.filter(key=f"mandate-{mandate.pk}-revoked").exists()


def test_only_the_person_revokes(org, helper):
    from relais import policy

    mandate = make_active_mandate(organisation=org, helper=helper)
    with pytest.raises(policy.Refused):
        services.mandate_revoke(mandate=mandate, actor=helper)
    with pytest.raises(policy.Refused):
        services.authorisation_revoke(mandate=mandate, category="social", actor=PersonFactory().user)


def test_expiry_and_reminders(org, helper, django_capture_on_commit_callbacks):
    soon = make_active_mandate(organisation=org, helper=helper, duration_days=1)
    late = make_active_mandate(organisation=org, helper=helper, duration_days=365)
    past = expire_now(make_active_mandate(organisation=org, helper=helper))
    assert services.mandates_expire() == 1
    past.refresh_from_db()
    assert past.state == MandateState.EXPIRED
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mandates_expiry_reminders(days=15) == 1
    assert Notification.objects.filter(key=f"mandate-{soon.pk}-expiry-reminder").exists()
    assert not Notification.objects.filter(key=f"mandate-{late.pk}-expiry-reminder").exists()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("mandates_expiry_reminders", stdout=out)
    assert "0 mandat(s) expiré(s), 0 rappel(s)" in out.getvalue()  # already reminded: never twice
    assert Notification.objects.filter(key=f"mandate-{soon.pk}-expiry-reminder").count() == 1


def test_mandate_check_command(org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper)
    out = StringIO()
    call_command("mandate_check", mandate.fingerprint, stdout=out)
    assert "État : active" in out.getvalue() and "social" in out.getvalue()
    spaced = " ".join(mandate.fingerprint[i : i + 4] for i in range(0, 64, 4))
    call_command("mandate_check", *spaced.split(), stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("mandate_check", "0" * 64, stdout=StringIO())
    services.authorisation_revoke(mandate=mandate, category="logement", actor=mandate.person.user)
    services.mandate_revoke(mandate=mandate, actor=mandate.person.user)
    out = StringIO()
    call_command("mandate_check", mandate.fingerprint, stdout=out)
    assert "État : revoked" in out.getvalue() and "logement (révoqué)" in out.getvalue()
    # Tampering with the dates breaks the match.
    Mandate.objects.filter(pk=mandate.pk).update(expires_at=mandate.expires_at + dt.timedelta(days=300))
    with pytest.raises(CommandError) as error:
        call_command("mandate_check", mandate.fingerprint, stdout=StringIO())
    assert "ne correspond plus" in str(error.value)


def test_journal_chain_stays_valid(org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper)
    services.authorisation_revoke(mandate=mandate, category="social", actor=mandate.person.user)
    actions = set(Entry.objects.filter(mandate_id=mandate.pk).values_list("action", flat=True))
    assert {"mandate.requested", "mandate.consented", "mandate.activated", "mandate.authorisation_revoked"} <= actions
    assert journal_verify().ok


def test_person_record_and_claim(org, helper):
    person, code = services.person_record_create(
        actor=helper,
        organisation=org,
        first_name="Yvette",
        last_name="Roux",
        birth_date=dt.date(1950, 5, 2),
        phone="06 11 22 33 44",
        preferred_channel="organisation",
        consent_given=True,
    )
    assert person.user is None and person.claim_code_hash and code not in person.claim_code_hash
    assert person.preferred_channel == "organisation" and person.phone == "+33611223344"
    with pytest.raises(ValidationError):
        services.person_record_claim(
            code=code, birth_date=dt.date(1951, 5, 2), email="y@example.org", password="Un-mot-de-passe-long-2026"
        )
    user = services.person_record_claim(
        code=code.lower(), birth_date=dt.date(1950, 5, 2), email="y@example.org", password="Un-mot-de-passe-long-2026"
    )
    person.refresh_from_db()
    assert person.user == user and person.claim_code_hash == ""
    with pytest.raises(ValidationError):
        services.person_record_claim(
            code=code, birth_date=dt.date(1950, 5, 2), email="z@example.org", password="Un-mot-de-passe-long-2026"
        )


def test_person_record_needs_consent(org, helper):
    with pytest.raises(ValidationError):
        services.person_record_create(
            actor=helper,
            organisation=org,
            first_name="A",
            last_name="B",
            birth_date=None,
            consent_given=False,
        )


def test_accompaniment_record(org, helper):
    session = services.accompaniment_record(
        actor=helper,
        organisation=org,
        happened_on=dt.date.today(),
        duration_minutes=45,
        themes=["social", "numerique"],
        outcome="follow_up",
    )
    assert session.person is None and session.themes == ["numerique", "social"]
    with pytest.raises(ValidationError):
        services.accompaniment_record(
            actor=helper,
            organisation=org,
            happened_on=dt.date.today(),
            duration_minutes=0,
            themes=["social"],
            outcome="done",
        )
