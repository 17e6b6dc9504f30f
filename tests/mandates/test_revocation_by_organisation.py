"""A helper or manager of the organisation withdraws a mandate at the person's request (whole or one
domain), with a required reason, journaled, the person told in their channel (or not, when the
organisation is their channel), and an attestation of revocation to print — also for persons
without an account, at the desk. The person's own withdrawal leads to the same attestation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from relais import policy
from relais.journal.models import Entry
from relais.mandates import services
from relais.mandates.models import MandateState
from relais.notifications.models import Notification
from relais.organisations.models import MemberRole
from tests.factories import OrganisationFactory, verified_login
from tests.mandates.factories import helper_of, make_active_mandate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


@pytest.fixture
def org():
    return OrganisationFactory(allowed_mandate_categories=["social", "logement"], email="accueil@example.org")


def _with_membership(user, org):
    from relais.organisations.models import Membership

    user.active_membership = Membership.objects.select_related("organisation").get(user=user, organisation=org)
    return user


@pytest.fixture
def helper(org):
    return _with_membership(helper_of(org), org)


def _record(org, helper, *, channel="organisation", phone=""):
    person, _code = services.person_record_create(
        actor=helper,
        organisation=org,
        first_name="Yvette",
        last_name="Roux",
        birth_date=dt.date(1950, 1, 1),
        consent_given=True,
        phone=phone,
        preferred_channel=channel,
    )
    return person


def test_whole_mandate_revoked_with_reason_journaled_and_person_notified(
    org, helper, django_capture_on_commit_callbacks
):
    mandate = make_active_mandate(organisation=org, helper=helper)
    with django_capture_on_commit_callbacks(execute=True):
        services.mandate_revoke_by_organisation(
            mandate=mandate, actor=helper, reason="person_asked", note="Venue au guichet"
        )
    mandate.refresh_from_db()
    assert mandate.state == MandateState.REVOKED and mandate.revoked_by == helper
    assert mandate.revocation_reason == "person_asked" and mandate.revocation_note == "Venue au guichet"
    assert all(a.revoked_at and a.revocation_reason == "person_asked" for a in mandate.authorisations.all())
    entry = Entry.objects.get(action="mandate.revoked", mandate_id=mandate.pk)
    assert entry.details["revocation_reason"] == "person_asked" and entry.actor_id == helper.pk
    notification = Notification.objects.get(key=f"mandate-{mandate.pk}-revoked", person=mandate.person)
    assert "a retiré le mandat" in notification.body and "demandé au guichet" in notification.body
    # The helper who withdrew it is not told about their own act.
    assert not Notification.objects.filter(key=f"mandate-{mandate.pk}-revoked-helper").exists()


def test_one_category_revoked_by_organisation(org, helper, django_capture_on_commit_callbacks):
    mandate = make_active_mandate(organisation=org, helper=helper, categories=("social", "logement"))
    with django_capture_on_commit_callbacks(execute=True):
        services.mandate_revoke_by_organisation(
            mandate=mandate, actor=helper, reason="entry_error", category="logement"
        )
    mandate.refresh_from_db()
    assert mandate.state == MandateState.ACTIVE and mandate.active_categories() == ["social"]
    entry = Entry.objects.get(action="mandate.authorisation_revoked", mandate_id=mandate.pk)
    assert entry.details == {"category": "logement", "revocation_reason": "entry_error", "note": ""}
    notification = Notification.objects.get(key=f"mandate-{mandate.pk}-revoked-logement")
    assert "a retiré le domaine" in notification.subject


@pytest.mark.parametrize("reason,note", [("", ""), ("nonsense", ""), ("other", ""), ("other", "   ")])
def test_reason_is_required(org, helper, reason, note):
    mandate = make_active_mandate(organisation=org, helper=helper)
    with pytest.raises(ValidationError):
        services.mandate_revoke_by_organisation(mandate=mandate, actor=helper, reason=reason, note=note)
    mandate.refresh_from_db()
    assert mandate.state == MandateState.ACTIVE


def test_only_helpers_and_managers_of_the_organisation(org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper)
    other = OrganisationFactory(allowed_mandate_categories=["social", "logement"])
    outsider = _with_membership(helper_of(other), other)
    agent = _with_membership(helper_of(org, role=MemberRole.AGENT), org)
    for user in (outsider, agent, mandate.person.user):
        with pytest.raises(policy.Refused):
            services.mandate_revoke_by_organisation(mandate=mandate, actor=user, reason="person_asked")
    manager = _with_membership(helper_of(org, role=MemberRole.MANAGER), org)
    services.mandate_revoke_by_organisation(mandate=mandate, actor=manager, reason="no_longer_comes")
    mandate.refresh_from_db()
    assert mandate.state == MandateState.REVOKED


def test_person_without_account_reached_through_the_organisation_gets_nothing_sent(
    org, helper, django_capture_on_commit_callbacks
):
    person = _record(org, helper)
    mandate = make_active_mandate(organisation=org, helper=helper, person=person)
    with django_capture_on_commit_callbacks(execute=True):
        services.mandate_revoke_by_organisation(mandate=mandate, actor=helper, reason="person_asked")
    assert not Notification.objects.filter(person=person, key__startswith=f"mandate-{mandate.pk}-revoked").exists()


def test_person_without_account_reached_by_sms_is_notified(org, helper, django_capture_on_commit_callbacks):
    person = _record(org, helper, channel="sms", phone="06 12 34 56 78")
    mandate = make_active_mandate(organisation=org, helper=helper, person=person)
    with django_capture_on_commit_callbacks(execute=True):
        services.mandate_revoke_by_organisation(mandate=mandate, actor=helper, reason="person_asked")
    assert Notification.objects.filter(person=person, key=f"mandate-{mandate.pk}-revoked").exists()


def test_desk_revocation_screens_for_a_person_without_account(client, org, helper):
    person = _record(org, helper)
    mandate = make_active_mandate(organisation=org, helper=helper, person=person, categories=("social", "logement"))
    verified_login(client, helper)
    detail = client.get(reverse("mandates:mandate_detail", args=[mandate.pk])).content.decode()
    assert reverse("mandates:mandate_revoke", args=[mandate.pk]) in detail
    url = reverse("mandates:mandate_revoke", args=[mandate.pk])
    page = client.get(url).content.decode()
    assert "aucun message ne lui sera envoyé" in page and "Erreur de saisie" in page
    # Missing reason: a clear message, what was typed is kept, nothing revoked.
    response = client.post(url, {"scope": "__all__", "note": "Déménage à Lyon"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choisissez la raison du retrait." in page and "Déménage à Lyon" in page
    # "Other" needs a note.
    response = client.post(url, {"scope": "__all__", "reason": "other"})
    assert "Précisez la raison du retrait." in response.content.decode()
    mandate.refresh_from_db()
    assert mandate.state == MandateState.ACTIVE
    response = client.post(url, {"scope": "__all__", "reason": "no_longer_comes", "note": "Déménage à Lyon"})
    assert response.status_code == 302
    assert response["Location"] == reverse("mandates:revocation_attestation", args=[mandate.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Attestation de retrait de mandat" in page
    assert "La personne ne vient plus" in page and "Déménage à Lyon" in page
    assert "Aucun message n" in page  # the flash message: print it and hand it over
    assert mandate.fingerprint[:4] in page and "Social - Santé" in page and "Logement" in page
    assert Entry.objects.filter(
        action="person.viewed", mandate_id=mandate.pk, details__screen="revocation_attestation"
    ).exists()


def test_one_category_from_the_screen(client, org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper, categories=("social", "logement"))
    verified_login(client, helper)
    url = reverse("mandates:mandate_revoke", args=[mandate.pk])
    response = client.post(url, {"scope": "logement", "reason": "person_asked"})
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.state == MandateState.ACTIVE and mandate.active_categories() == ["social"]
    page = client.get(response["Location"]).content.decode()
    assert "Une partie du mandat" in page and "La personne l&#x27;a demandé au guichet" in page


def test_revoking_an_ended_mandate_says_so(client, org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper)
    services.mandate_revoke_by_organisation(mandate=mandate, actor=helper, reason="person_asked")
    verified_login(client, helper)
    response = client.post(reverse("mandates:mandate_revoke", args=[mandate.pk]), {"reason": "person_asked"})
    assert response.status_code == 302
    assert response["Location"] == reverse("mandates:mandate_detail", args=[mandate.pk])


def test_person_own_revocation_shows_the_same_attestation(client, org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper)
    verified_login(client, mandate.person.user)
    client.post(reverse("mandates:person_revoke", args=[mandate.pk]), {"category": "__all__"})
    page = client.get(reverse("mandates:person_mandates")).content.decode()
    url = reverse("mandates:revocation_attestation", args=[mandate.pk])
    assert url in page and "en le demandant à la structure" in page
    page = client.get(url).content.decode()
    assert "Attestation de retrait de mandat" in page and "la personne elle-même" in page
    assert not Entry.objects.filter(details__screen="revocation_attestation").exists()  # the person's own read


def test_person_sees_the_organisation_revocation(client, org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper)
    services.mandate_revoke_by_organisation(mandate=mandate, actor=helper, reason="person_asked")
    verified_login(client, mandate.person.user)
    page = client.get(reverse("mandates:person_mandates")).content.decode()
    assert reverse("mandates:revocation_attestation", args=[mandate.pk]) in page
    assert "est retiré" in page  # the history sentence


def test_attestation_of_a_mandate_not_revoked_does_not_exist(client, org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper)
    verified_login(client, helper)
    assert client.get(reverse("mandates:revocation_attestation", args=[mandate.pk])).status_code == 404


def test_consent_text_promises_what_the_screens_do():
    from relais.mandates import consent_texts

    assert "en le demandant à la structure" in consent_texts.TEXT_FR
    assert "asking the organisation" in consent_texts.TEXT_EN
