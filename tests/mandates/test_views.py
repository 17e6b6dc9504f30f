"""Screens: consent flow, acting routes refused (expired, revoked, out of scope, other organisation),
the person's view and revocation, no password of a third party anywhere."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.accounts.models import Person
from relais.journal.models import Entry
from relais.mandates.models import Mandate, MandateState
from relais.notifications import backends
from relais.organisations.models import MemberRole
from relais.procedures.models import Dossier, Procedure, ProcedureVersion
from relais.www.mandates.acting import SESSION_KEY
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, totp_now, verified_login
from tests.mandates.factories import expire_now, helper_of, make_active_mandate, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


@pytest.fixture
def org():
    return OrganisationFactory(allowed_mandate_categories=["social", "logement", "famille"])


@pytest.fixture
def helper(org):
    return helper_of(org)


def _procedure(category, organisation=None):
    procedure = Procedure.objects.create(
        organisation=organisation or OrganisationFactory(),
        slug=f"demarche-{category}-{Procedure.objects.count()}",
        title=f"Démarche {category}",
        description="Test",
        category=category,
    )
    version = ProcedureVersion.objects.create(procedure=procedure, number=1, fields=[], published_at=timezone.now())
    procedure.current_version = version
    procedure.save()
    return procedure


def test_full_consent_flow_by_sms(client, org, helper):
    backends.outbox.clear()
    person = PersonFactory()
    verified_login(client, helper)
    # Find the person by exact email (signed key), prepare the mandate.
    response = client.get(reverse("mandates:person_find"), {"query": person.user.email})
    link = re.search(r'href="([^"]*/mandat/\?cle=[^"]+)"', response.content.decode()).group(1).replace("&amp;", "&")
    assert client.get(link).status_code == 200
    response = client.post(
        link,
        {
            "categories": ["social", "logement"],
            "duration_days": "31",
            "consent_method": "sms",
            "sms_phone": "06 12 34 56 78",
        },
    )
    mandate = Mandate.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("mandates:consent", args=[mandate.pk])
    page = client.get(response["Location"]).content.decode()
    assert "version" in page and "Read in English" in page
    assert "Vous donnez votre accord" in page
    assert "Helpers never use your password" in client.get(response["Location"] + "?langue=en").content.decode()
    client.post(reverse("mandates:sms_send", args=[mandate.pk]))
    code = re.search(r"est (\d{6})", backends.outbox[-1].text).group(1)
    client.post(reverse("mandates:sms_verify", args=[mandate.pk]), {"code": code})
    helper.totpdevice_set.update(last_t=-1)
    response = client.post(reverse("mandates:confirm", args=[mandate.pk]), {"token": totp_now()})
    mandate.refresh_from_db()
    assert mandate.state == MandateState.ACTIVE
    page = client.get(reverse("mandates:attestation", args=[mandate.pk])).content.decode()
    assert mandate.fingerprint[:4] in page and "qr.svg" in page
    svg = client.get(reverse("mandates:attestation_qr", args=[mandate.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_unknown_person_id_cannot_be_enumerated(client, org, helper):
    stranger = PersonFactory()
    verified_login(client, helper)
    assert client.get(reverse("mandates:mandate_new", args=[stranger.pk])).status_code == 404
    assert client.get(reverse("mandates:mandate_new", args=[stranger.pk]) + "?cle=forged").status_code == 404


def test_wrong_totp_keeps_mandate_pending(client, org, helper):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.mandates.factories import PDF_BYTES

    verified_login(client, helper)
    person = PersonFactory()
    from relais.mandates import services

    mandate = services.mandate_request_create(
        actor=helper, organisation=org, person=person, categories=["social"], duration_days=1, consent_method="paper"
    )
    client.post(
        reverse("mandates:attestation_upload", args=[mandate.pk]), {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)}
    )
    wrong = "000000" if totp_now() != "000000" else "111111"
    response = client.post(reverse("mandates:confirm", args=[mandate.pk]), {"token": wrong}, follow=True)
    assert "pas bon" in response.content.decode()
    mandate.refresh_from_db()
    assert mandate.state == MandateState.PENDING and mandate.consented_at is not None


SCENARIOS = ["expired", "revoked", "out_of_scope", "other_organisation"]


def _scenario(name, org, helper):
    """Returns (client user, mandate, category tried, expected words)."""
    mandate = make_active_mandate(organisation=org, helper=helper, categories=("social", "logement"))
    if name == "expired":
        expire_now(mandate)
        return helper, mandate, "social", "pris fin"
    if name == "revoked":
        from relais.mandates import services

        services.authorisation_revoke(mandate=mandate, category="logement", actor=mandate.person.user)
        return helper, mandate, "logement", "retiré son accord"
    if name == "out_of_scope":
        return helper, mandate, "famille", "ne couvre pas"
    other_org = OrganisationFactory(allowed_mandate_categories=["social", "logement"])
    return helper_of(other_org), mandate, "social", "autre structure"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_acting_start_refused(client, org, helper, scenario):
    user, mandate, category, _words = _scenario(scenario, org, helper)
    verified_login(client, user)
    response = client.post(reverse("mandates:acting_start"), {"mandate_category": f"{mandate.pk}:{category}"})
    assert response.status_code == 200  # the choice is not offered: form error, nothing started
    assert SESSION_KEY not in client.session
    assert not Entry.objects.filter(action="mandate.acting_started").exists()


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_acting_home_refused(client, org, helper, scenario):
    user, mandate, category, words = _scenario(scenario, org, helper)
    verified_login(client, user)
    session = client.session
    session[SESSION_KEY] = {
        "person_id": mandate.person_id,
        "mandate_id": mandate.pk,
        "category": category,
        "organisation_id": user.memberships.first().organisation_id,
    }
    session.save()
    response = client.get(reverse("mandates:acting_home"))
    assert response.status_code == 403
    assert words in response.content.decode()
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_acting_procedure_refused(client, org, helper, scenario):
    user, mandate, category, words = _scenario(scenario, org, helper)
    procedure = _procedure(category)
    verified_login(client, user)
    session = client.session
    # The helper acts in "social" (allowed when in force), then tries a procedure of `category`.
    session[SESSION_KEY] = {
        "person_id": mandate.person_id,
        "mandate_id": mandate.pk,
        "category": "social",
        "organisation_id": user.memberships.first().organisation_id,
    }
    session.save()
    response = client.post(reverse("mandates:acting_procedure", args=[procedure.pk]))
    assert response.status_code == 403
    assert not Dossier.objects.exists()


def test_acting_procedure_in_scope_starts_a_journaled_dossier(client, org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper, categories=("social", "logement"))
    procedure = _procedure("logement")
    verified_login(client, helper)
    response = client.post(reverse("mandates:acting_start"), {"mandate_category": f"{mandate.pk}:logement"})
    assert response.status_code == 302
    home = client.get(reverse("mandates:acting_home")).content.decode()
    assert "Vous agissez pour" in home and str(mandate.person) in home
    response = client.post(reverse("mandates:acting_procedure", args=[procedure.pk]))
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and dossier.person == mandate.person and dossier.helper_mandate_id == mandate.pk
    assert Entry.objects.filter(action="dossier.create", mandate_id=mandate.pk).exists()
    # Revocation of "logement" takes effect immediately on the next request.
    from relais.mandates import services

    services.authorisation_revoke(mandate=mandate, category="logement", actor=mandate.person.user)
    response = client.get(reverse("mandates:acting_home"))
    assert response.status_code == 403 and "retiré son accord" in response.content.decode()


def test_person_sees_journal_and_revokes_one_category(client, org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper, categories=("social", "logement"))
    verified_login(client, mandate.person.user)
    page = client.get(reverse("mandates:person_mandates")).content.decode()
    assert org.name in page and "a activé le mandat" in page
    client.post(reverse("mandates:person_revoke", args=[mandate.pk]), {"category": "logement"})
    mandate.refresh_from_db()
    assert mandate.state == MandateState.ACTIVE and mandate.active_categories() == ["social"]
    # Another person cannot revoke it.
    other = PersonFactory()
    verified_login(client, other.user)
    assert client.post(reverse("mandates:person_revoke", args=[mandate.pk]), {"category": "social"}).status_code == 404
    mandate.refresh_from_db()
    assert mandate.active_categories() == ["social"]


def test_person_accepts_request_from_own_account(client, org, helper):
    from relais.mandates import services

    person = PersonFactory()
    mandate = services.mandate_request_create(
        actor=helper, organisation=org, person=person, categories=["social"], duration_days=31, consent_method="account"
    )
    verified_login(client, person.user)
    assert "Lire la demande" in client.get(reverse("mandates:person_mandates")).content.decode()
    assert "Je suis d'accord" in client.get(reverse("mandates:person_consent_text", args=[mandate.pk])).content.decode()
    client.post(reverse("mandates:person_consent", args=[mandate.pk]), {"answer": "yes"})
    mandate.refresh_from_db()
    assert mandate.consented_at is not None


def test_person_record_and_claim_screens(client, org, helper):
    verified_login(client, helper)
    response = client.post(
        reverse("mandates:person_create"),
        {
            "first_name": "Yvette",
            "last_name": "Roux",
            "birth_date": "02/05/1950",
            "phone": "",
            "preferred_channel": "organisation",
            "consent_given": "on",
        },
    )
    code = re.search(r'id="claim-code">([A-Z0-9-]+)<', response.content.decode()).group(1)
    person = Person.objects.get(last_name="Roux")
    assert person.created_by_organisation == org and person.user is None
    client.logout()
    response = client.post(
        reverse("mandates:claim"),
        {
            "code": code,
            "birth_date": "02/05/1950",
            "email": "yvette@example.org",
            "password": "Un-mot-de-passe-long-2026",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user.email == "yvette@example.org"


def test_no_screen_asks_for_a_third_party_password(client, org, helper):
    """Only the claim page (the person creates THEIR OWN account) has a password field."""
    mandate = make_active_mandate(organisation=org, helper=helper)
    verified_login(client, helper)
    urls = [
        reverse("mandates:helper_home"),
        reverse("mandates:person_find"),
        reverse("mandates:person_create"),
        reverse("mandates:mandate_new", args=[mandate.person_id]),
        reverse("mandates:acting_start"),
        reverse("mandates:mandate_detail", args=[mandate.pk]),
        reverse("mandates:attestation", args=[mandate.pk]),
        reverse("mandates:accompaniment_new"),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert 'type="password"' not in html, url
        assert 'name="password"' not in html, url
    from relais.www.mandates import forms

    for name in dir(forms):
        form = getattr(forms, name)
        if isinstance(form, type) and hasattr(form, "base_fields") and form is not forms.ClaimForm:
            assert not any("password" in field for field in form.base_fields), name


def test_helper_home_lists_followed_and_expiring(client, org, helper):
    soon = make_active_mandate(organisation=org, helper=helper, duration_days=1)
    verified_login(client, helper)
    procedure = _procedure("social")
    Dossier.objects.create(
        procedure=procedure, version=procedure.current_version, person=soon.person, state="correction_requested"
    )
    page = client.get(reverse("mandates:helper_home")).content.decode()
    assert "se terminent dans les 15 jours" in page and str(soon.person) in page
    assert "attend la personne" in page
    response = client.get(reverse("mandates:mandate_renew", args=[soon.pk]))
    renewal = client.get(response["Location"])
    assert "Renouvellement" in renewal.content.decode()
    form = renewal.context["form"]
    assert form.initial["categories"] == ["logement", "social"] and form.initial["duration_days"] == 1


def test_accompaniment_stats_and_csv(client, org):
    manager = helper_of(org, role=MemberRole.MANAGER)
    make_session(organisation=org, helper=manager, themes=["social", "logement"])
    make_session(organisation=org, helper=manager, themes=["social"])
    make_session(organisation=OrganisationFactory(), helper=manager, themes=["justice"])
    verified_login(client, manager)
    page = client.get(reverse("mandates:accompaniment_stats")).content.decode()
    assert "Social - Santé" in page and "Justice" not in page
    csv_text = client.get(reverse("mandates:accompaniment_export")).content.decode("utf-8-sig")
    month = timezone.localdate().strftime("%Y-%m")
    assert f"{month};social;Social - Santé;2" in csv_text and f"{month};logement;Logement;1" in csv_text


def test_accompaniment_new_anonymous(client, org, helper):
    verified_login(client, helper)
    response = client.post(
        reverse("mandates:accompaniment_new"),
        {
            "happened_on": timezone.localdate().strftime("%d/%m/%Y"),
            "duration_minutes": "30",
            "themes": ["numerique"],
            "outcome": "redirected",
            "person": "",
            "notes": "",
        },
    )
    assert response.status_code == 302
    from relais.mandates.models import AccompanimentSession

    session = AccompanimentSession.objects.get()
    assert session.person is None and session.outcome == "redirected"


def test_member_of_two_organisations_loses_acting_when_switching(client, org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper)
    other = MembershipFactory(
        user=helper, organisation=OrganisationFactory(name="AAA première"), role=MemberRole.HELPER
    )
    verified_login(client, helper)
    session = client.session
    session["active_organisation_id"] = helper.memberships.get(organisation=org).pk
    session.save()
    client.post(reverse("mandates:acting_start"), {"mandate_category": f"{mandate.pk}:social"})
    assert SESSION_KEY in client.session
    session = client.session
    session["active_organisation_id"] = other.pk
    session.save()
    response = client.get(reverse("mandates:acting_home"))
    assert response.status_code == 302 and SESSION_KEY not in client.session


def test_accompaniment_csv_neutralises_formulas(client, org):
    """Issue #10, hole 4: a theme stored outside the list (old data, an import) goes out as text."""
    manager = helper_of(org, role=MemberRole.MANAGER)
    make_session(organisation=org, helper=manager, themes=['=HYPERLINK("https://evil.example")'])
    verified_login(client, manager)
    csv_text = client.get(reverse("mandates:accompaniment_export")).content.decode("utf-8-sig")
    row = next(csv.reader(io.StringIO(csv_text.splitlines()[1]), delimiter=";"))
    assert row[1:] == ['\'=HYPERLINK("https://evil.example")', '\'=HYPERLINK("https://evil.example")', "1"]
