"""Issue #11, « Done when », in one journey in Chromium, as a new helper would: search « Mohamed Benali »
and « benali mohamed », tell the two homonyms apart by birth date, open the file, see a dossier awaiting
correction and an expiring document, add a private note, be refused when opening a procedure outside the
acting domain, revoke the mandate of this person who has no account, at the desk; the person then
creates their account with the paper code and sees the revocation and the history in plain sentences.
axe-core on every page of the journey (the pages' own tests cover 320 px and no JavaScript)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.casefile.models import PrivateNote
from relais.mandates import services
from relais.procedures.models import Dossier, Procedure, ProcedureVersion
from tests.browser.fixtures import _new_page, assert_accessible, login, submit
from tests.casefile.factories import document
from tests.factories import PASSWORD, CommuneFactory, OrganisationFactory, totp_now
from tests.mandates.factories import helper_of, make_active_mandate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _procedure(organisation, slug, title, category):
    procedure = Procedure.objects.create(
        organisation=organisation, slug=slug, title=title, description="Démarche de test", category=category
    )
    version = ProcedureVersion.objects.create(procedure=procedure, number=1, fields=[], published_at=timezone.now())
    procedure.current_version = version
    procedure.save()
    return procedure, version


@pytest.fixture
def world(db, settings):
    settings.AXES_ENABLED = False
    fs = OrganisationFactory(
        name="France Services Vénissieux", allowed_mandate_categories=["logement", "papiers", "social"]
    )
    helper = helper_of(fs)
    helper.active_membership = helper.memberships.select_related("organisation").get()
    venissieux, lyon = CommuneFactory(name="Vénissieux"), CommuneFactory(name="Lyon")
    mohamed, code = services.person_record_create(
        actor=helper,
        organisation=fs,
        first_name="Mohamed",
        last_name="Benali",
        birth_date=dt.date(1962, 4, 17),
        commune=venissieux,
        consent_given=True,
    )
    services.person_record_create(
        actor=helper,
        organisation=fs,
        first_name="Mohamed",
        last_name="Benali",
        birth_date=dt.date(1987, 9, 2),
        commune=lyon,
        consent_given=True,
    )
    mandate = make_active_mandate(organisation=fs, person=mohamed, helper=helper, categories=("logement", "papiers"))
    caf = OrganisationFactory(name="CAF du Rhône", allowed_mandate_categories=[])
    housing, version = _procedure(caf, "aide-logement", "Aide au logement", "logement")
    Dossier.objects.create(procedure=housing, version=version, person=mohamed, state="correction_requested")
    _procedure(caf, "css", "Complémentaire santé solidaire", "social")
    document(person=mohamed, doc_type="identity", title="Carte d'identité", expires_in_days=25)
    helper.totpdevice_set.update(last_t=-1)
    return {"helper": helper, "mohamed": mohamed, "code": code, "mandate": mandate}


def test_the_helpers_journey_and_what_the_person_then_sees(browser, live_server, world):
    url, helper, mohamed = live_server.url, world["helper"], world["mohamed"]
    context, page = _new_page(browser, javascript=True)
    login(page, live_server, helper.email, PASSWORD, totp_now())

    # --- Search: both orders of the name, two homonyms told apart by birth date --------------------
    for typed in ("Mohamed Benali", "benali mohamed"):
        page.goto(url + reverse("persons:search"))
        page.fill("input[name=query]", typed)
        submit(page, "main form button[type=submit]")
        results = page.locator(".relais-person-results > li").all_inner_texts()
        assert len(results) == 2, results
        assert any("17 avril 1962" in r for r in results) and any("2 septembre 1987" in r for r in results)
    assert_accessible(page, context="person search")
    submit(page, page.locator(".relais-person-results > li", has_text="17 avril 1962").get_by_role("link").first)

    # --- The file: a dossier awaiting correction, an expiring document; a private note --------------
    assert page.url.endswith(reverse("persons:file", args=[mohamed.pk]))
    main = page.locator("main").inner_text()
    assert "Corriger le dossier" in main and "Aide au logement" in main
    assert "Carte d'identité" in main
    assert_accessible(page, context="person file")
    page.fill("textarea[name=text]", "Rappeler lundi : justificatif de loyer.")
    submit(page, "#notes button[type=submit]")
    assert "Rappeler lundi : justificatif de loyer." in page.locator("#notes").inner_text()
    assert PrivateNote.objects.filter(person=mohamed).count() == 1

    # --- Acting in domain « Logement »: a « Social - Santé » procedure is refused --------------------
    page.goto(url + reverse("mandates:acting_start"))
    page.locator("label", has_text="Mohamed Benali — Logement").first.click()
    submit(page, page.get_by_role("button", name="Commencer"))
    page.goto(url + reverse("procedures:detail", args=["css"]))
    submit(page, page.get_by_role("button", name=re.compile("Commencer")))
    refusal = page.locator("main").inner_text()
    assert "ne couvre pas le domaine « Social - Santé »" in refusal, refusal
    assert_accessible(page, context="procedure outside the acting domain")
    assert not Dossier.objects.filter(procedure__slug="css").exists()

    # --- Revoke the mandate at the desk (the person has no account) ---------------------------------
    page.goto(url + reverse("mandates:mandate_detail", args=[world["mandate"].pk]))
    submit(page, page.get_by_role("link", name=re.compile("Retirer le mandat")))
    page.locator("label", has_text="Tout le mandat").first.click()
    page.locator("label", has_text="La personne l'a demandé au guichet").first.click()
    submit(page, page.get_by_role("button", name="Retirer maintenant"))
    assert "Attestation de retrait de mandat" in page.content()
    assert_accessible(page, context="attestation of revocation")
    world["mandate"].refresh_from_db()
    assert world["mandate"].state == "revoked"
    # the file is now refused, with the reason
    page.goto(url + reverse("persons:file", args=[mohamed.pk]))
    assert "Corriger le dossier" not in page.locator("main").inner_text()
    context.close()

    # --- The person creates their account with the paper code and reads what happened --------------
    context, page = _new_page(browser, javascript=True)
    page.goto(url + reverse("mandates:claim"))
    page.get_by_label(re.compile("Code écrit sur le papier")).fill(world["code"])
    page.get_by_label(re.compile("Votre date de naissance")).fill("17/04/1962")
    page.get_by_label(re.compile("Votre adresse électronique")).fill("mohamed.benali@example.fr")
    page.get_by_label(re.compile("Choisissez votre mot de passe")).fill("Un mot de passe solide 2026")
    submit(page, page.locator("main form button[type=submit]"))
    page.goto(url + reverse("mandates:person_mandates"))
    text = page.locator("main").inner_text()
    assert "France Services Vénissieux" in text
    assert re.search(r"retir", text, re.I)  # the revocation, in words
    history = page.locator("#h-journal").locator("xpath=..").inner_text()
    assert re.search(r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2}(er)? \w+ \d{4}", history, re.I)
    assert "France Services Vénissieux" in history
    assert not re.search(r"\b(mandate|person|dossier)\.[a-z_]+\b", history)  # never code names
    assert_accessible(page, context="the person's mandates and history")
    context.close()
