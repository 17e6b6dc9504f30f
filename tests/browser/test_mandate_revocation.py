"""Issue 11, done-when, in Chromium without JavaScript as a new helper would: at the desk, the helper
withdraws the mandate of a person without an account (reason required), prints the attestation of
revocation (one A4 page); the same helper, acting in domain « Logement », is refused when opening a
« Social - Santé » procedure. axe-core finds no violation; the pages fit 320 px."""

import datetime as dt
import re
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.mandates import services
from relais.mandates.models import Mandate
from relais.organisations.models import MemberRole
from relais.procedures.models import Dossier, Procedure, ProcedureVersion
from tests.browser.fixtures import assert_accessible, assert_fits_320, login
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, PersonFactory, add_totp, totp_now
from tests.mandates.factories import make_active_mandate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _published(organisation, slug, title, category):
    procedure = Procedure.objects.create(
        organisation=organisation, slug=slug, title=title, description="Démarche de test", category=category
    )
    version = ProcedureVersion.objects.create(procedure=procedure, number=1, fields=[], published_at=timezone.now())
    procedure.current_version = version
    procedure.save()
    return procedure


@pytest.fixture
def world(db, settings):
    settings.AXES_ENABLED = False
    fs = OrganisationFactory(name="France Services Test", allowed_mandate_categories=["social", "logement"])
    helper = MembershipFactory(organisation=fs, role=MemberRole.HELPER, user__first_name="Sami").user
    add_totp(helper)
    helper.active_membership = helper.memberships.select_related("organisation").get()
    record, _code = services.person_record_create(
        actor=helper,
        organisation=fs,
        first_name="Yvette",
        last_name="Roux",
        birth_date=dt.date(1950, 1, 1),
        consent_given=True,
    )
    at_desk = make_active_mandate(organisation=fs, person=record, helper=helper, categories=("social", "logement"))
    housing_only = make_active_mandate(
        organisation=fs,
        person=PersonFactory(user__first_name="Camille", user__last_name="Martin"),
        helper=helper,
        categories=("logement",),
    )
    caf = OrganisationFactory(name="CAF Test", allowed_mandate_categories=[])
    social = _published(caf, "aide-sociale", "Aide sociale", "social")
    helper.totpdevice_set.update(last_t=-1)  # the helper's authenticator shows a new code for the login
    return {"helper": helper, "at_desk": at_desk, "housing_only": housing_only, "social": social}


def _label(page, text):
    page.locator("label", has_text=text).first.click()


def test_desk_revocation_and_domain_refusal(browser, nojs_page, live_server, world):
    page, url = nojs_page, live_server.url
    helper, mandate = world["helper"], world["at_desk"]
    login(page, live_server, helper.email, PASSWORD, totp_now())

    # --- Withdraw the mandate of a person without an account, at the desk -----------------------
    page.goto(url + reverse("mandates:mandate_detail", args=[mandate.pk]))
    page.get_by_role("link", name=re.compile("Retirer le mandat")).click()
    assert "aucun message ne lui sera envoyé" in page.content()
    assert_accessible(page, context="mandate revoke")
    _label(page, "Tout le mandat")
    page.get_by_label(re.compile("Précisions")).fill("Elle déménage à Lyon")
    page.get_by_role("button", name="Retirer maintenant").click()
    assert "Choisissez la raison du retrait." in page.content()  # the reason is required
    assert page.get_by_label(re.compile("Précisions")).input_value() == "Elle déménage à Lyon"  # nothing lost
    assert_accessible(page, context="mandate revoke, reason missing")
    _label(page, "La personne ne vient plus")
    page.get_by_role("button", name="Retirer maintenant").click()
    mandate.refresh_from_db()
    assert mandate.state == "revoked" and mandate.revocation_reason == "no_longer_comes"

    # --- The attestation of revocation, printed for her --------------------------------------------
    text = page.content()
    assert "Attestation de retrait de mandat" in text and "Aucun message n" in text
    assert "La personne ne vient plus" in text and "Elle déménage à Lyon" in text
    assert mandate.fingerprint[:4] in text
    assert_accessible(page, context="revocation attestation")
    import pikepdf

    pdf = page.pdf(format="A4", print_background=False)
    assert len(pikepdf.open(BytesIO(pdf)).pages) == 1

    # --- Acting in domain « Logement », a « Social - Santé » procedure is refused -------------------
    page.goto(url + reverse("mandates:acting_start"))
    _label(page, "Camille Martin — Logement")
    page.get_by_role("button", name="Commencer").click()
    assert "domaine « Logement »" in page.content()
    page.goto(url + reverse("procedures:detail", args=[world["social"].slug]))
    page.get_by_role("button", name=re.compile("Commencer")).click()
    text = page.content()
    assert "ne couvre pas le domaine « Social - Santé »" in text
    assert "Passer au domaine" not in text
    assert_accessible(page, context="other domain refused")
    assert not Dossier.objects.exists()
    assert Mandate.objects.get(pk=world["housing_only"].pk).state == "active"


def test_revocation_pages_fit_320px(browser, narrow_page, live_server, world):
    page, url = narrow_page, live_server.url
    helper, mandate = world["helper"], world["at_desk"]
    login(page, live_server, helper.email, PASSWORD, totp_now())
    page.goto(url + reverse("mandates:mandate_revoke", args=[mandate.pk]))
    assert_fits_320(page)
    assert_accessible(page, context="mandate revoke 320px")
    services.mandate_revoke_by_organisation(mandate=mandate, actor=helper, reason="person_asked", category="social")
    page.goto(url + reverse("mandates:revocation_attestation", args=[mandate.pk]))
    assert "Une partie du mandat" in page.content()
    assert_fits_320(page)
    assert_accessible(page, context="revocation attestation 320px")
