"""Done-when journey of issue 5, in Chromium as a new user would:

a helper creates a mandate for "social" and "logement" for 1 month with SMS consent (SMS through
the local HTTP test SMS provider), prints the attestation (one A4 page), then, acting under the
mandate, fills a housing dossier through the procedures screens, attaches a document of the
person's safe, submits it and writes to the agents; the person (logged in) sees who did what and
revokes "logement"; the helper's next attempt on housing is refused with a clear message;
`mandate_check` verifies the printed fingerprint and reports the revoked mandate as revoked;
`journal_verify` passes; axe-core finds no violation on any page visited."""

import re
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from relais.mandates.models import Mandate
from relais.organisations.models import MemberRole
from relais.procedures.models import Dossier, Procedure, ProcedureVersion
from tests.browser.fixtures import _new_page, assert_accessible, assert_fits_320, login, submit
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    add_totp,
    totp_now,
)
from tests.notifications.sms_server import SmsProvider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sms_provider(settings):
    provider = SmsProvider().start()
    settings.SMS_BACKEND = "http"
    settings.SMS_PROVIDER_URL = provider.url
    settings.SMS_API_TOKEN = provider.token
    settings.SMS_TIMEOUT = 2
    settings.AXES_ENABLED = False
    yield provider
    provider.stop()


HOUSING_FIELDS = [
    {"type": "section", "label": "Votre logement"},
    {"key": "loyer", "type": "decimal", "label": "Loyer par mois", "required": True},
    {
        "key": "domicile",
        "type": "file",
        "label": "Justificatif de domicile",
        "required": True,
        "accept": ["image", "pdf"],
        "max_bytes": 1_000_000,
        "multiple": False,
        "one_pdf": False,
    },
]


def _published(organisation, title, category, fields=()):
    procedure = Procedure.objects.create(
        organisation=organisation,
        slug=re.sub(r"[^a-z]+", "-", title.lower()).strip("-"),
        title=title,
        description="Démarche de test",
        category=category,
    )
    version = ProcedureVersion.objects.create(
        procedure=procedure, number=1, fields=list(fields), published_at=timezone.now()
    )
    procedure.current_version = version
    procedure.save()
    return procedure


def tick(page, label) -> None:
    """Click a DSFR checkbox or radio by its label, as a person does (the label covers the input)."""
    if isinstance(label, str):
        page.locator(f"label:text-is('{label}')").click()
    else:
        page.locator("label", has_text=label).click()


@pytest.fixture
def world(db):
    fs = OrganisationFactory(name="France Services Test", allowed_mandate_categories=["social", "logement", "famille"])
    helper = MembershipFactory(organisation=fs, role=MemberRole.HELPER, user__first_name="Sami").user
    add_totp(helper)
    person = PersonFactory(
        user__first_name="Camille", user__last_name="Martin", user__email="camille@example.org", phone="+33612345678"
    )
    caf = OrganisationFactory(name="CAF Test", allowed_mandate_categories=[])
    housing = _published(caf, "Aide au logement", "logement", HOUSING_FIELDS)
    from relais.documents.models import DocType
    from tests.documents.factories import add_document

    bill = add_document(person, title="Facture d'électricité", doc_type=DocType.ADDRESS)
    return {"fs": fs, "helper": helper, "person": person, "housing": housing, "bill": bill}


def test_mandate_journey(browser, page, live_server, sms_provider, world):
    helper, person = world["helper"], world["person"]
    url = live_server.url

    # --- The helper prepares the mandate with the person present --------------------------------
    login(page, live_server, helper.email, PASSWORD, totp_now())
    page.goto(f"{url}/mandats/")
    assert_accessible(page, context="helper home")
    page.get_by_role("link", name="Nouveau mandat").click()
    page.get_by_label(re.compile("Nom, téléphone, adresse électronique")).fill("camille@example.org")
    page.get_by_role("button", name="Chercher").click()
    assert_accessible(page, context="person find")
    page.get_by_role("link", name=re.compile("Préparer un mandat")).first.click()
    assert_accessible(page, context="mandate new")
    for label in (
        "Social - Santé",
        "Logement",
        "1 mois (31 jours)",
        "La personne reçoit un code par SMS sur son téléphone",
    ):
        tick(page, label)
    page.get_by_role("button", name=re.compile("Continuer")).click()

    # Plain-French summary with the consent-text version; SMS code through the HTTP provider.
    assert "version 1" in page.content()
    assert_accessible(page, context="consent")
    page.get_by_role("button", name="Envoyer le code par SMS").click()
    assert len(sms_provider.messages) == 1
    sms = sms_provider.messages[0]
    assert sms["to"] == "+33612345678"
    code = re.search(r"est (\d{6})", sms["text"]).group(1)
    page.get_by_label(re.compile("Code reçu par SMS")).fill(code)
    page.get_by_role("button", name="Valider le code").click()
    assert "la personne a donné son accord" in page.content()
    assert_accessible(page, context="consent given")
    # The helper's authenticator shows a new code (each TOTP code is accepted only once).
    helper.totpdevice_set.update(last_t=-1)
    page.get_by_label(re.compile("Votre code de double authentification")).fill(totp_now())
    page.get_by_role("button", name="Confirmer le mandat").click()
    assert "Le mandat est actif" in page.content()
    assert_accessible(page, context="mandate detail")
    mandate = Mandate.objects.get()
    assert mandate.state == "active" and mandate.active_categories() == ["logement", "social"]

    # --- Printable attestation: one A4 page with fingerprint text and QR code ----------------------
    page.get_by_role("link", name="Imprimer l'attestation").click()
    assert_accessible(page, context="attestation")
    printed = page.locator(".relais-fingerprint").inner_text()
    assert printed.replace(" ", "") == mandate.fingerprint
    qr = page.locator("img.relais-qr")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    pdf = page.pdf(format="A4", print_background=False)
    import pikepdf

    assert len(pikepdf.open(BytesIO(pdf)).pages) == 1

    # --- Acting for the person: housing dossier started under the mandate ---------------------------
    page.goto(f"{url}/mandats/agir/")
    assert_accessible(page, context="acting start")
    tick(page, re.compile(r"Camille Martin — Logement"))
    page.get_by_role("button", name="Commencer").click()
    banner = page.locator(".relais-acting")
    assert "Vous agissez pour Camille Martin" in banner.inner_text()
    assert "Logement" in banner.inner_text() and "mandat valable jusqu'au" in banner.inner_text()
    assert_accessible(page, context="acting home")
    page.get_by_role("button", name=re.compile("Commencer « Aide au logement »")).click()
    dossier = Dossier.objects.get()
    assert dossier.person == person and dossier.helper == helper and dossier.helper_mandate_id == mandate.pk

    # --- The helper fills, attaches from the person's safe and submits, through the procedures screens -
    assert "Démarche commencée pour Camille Martin" in page.content()
    assert "Vous agissez pour Camille Martin" in page.locator(".relais-acting").inner_text()
    assert_accessible(page, context="dossier draft (helper)")
    page.get_by_role("link", name="Continuer mon dossier").click()
    assert_accessible(page, context="dossier page (helper)")
    page.get_by_label(re.compile("Loyer par mois")).fill("450")
    page.get_by_label("Ou joindre un document de mon coffre-fort").select_option(value=str(world["bill"].pk))
    page.get_by_role("button", name="Joindre ce document").click()
    assert "est joint au dossier" in page.content()
    assert_accessible(page, context="dossier page with attachment (helper)")
    page.get_by_label(re.compile("Loyer par mois")).fill("450")
    submit(page, page.get_by_role("button", name="Enregistrer et continuer").first)
    assert "/verifier/" in page.url
    assert_accessible(page, context="review (helper)")
    page.get_by_role("button", name="Envoyer le dossier").click()
    assert "Le dossier de Camille Martin est envoyé" in page.content()
    dossier.refresh_from_db()
    assert dossier.state == "submitted" and dossier.data["loyer"] == "450"
    assert_accessible(page, context="dossier submitted (helper)")
    page.get_by_label("Votre message").fill("Bonjour, je suis l'aidant de Mme Martin : répondez-lui par SMS.")
    page.get_by_role("button", name="Envoyer le message").click()
    assert "Message envoyé." in page.content()
    assert_accessible(page, context="message sent (helper)")
    from relais.journal.models import Entry

    for action in (
        "dossier.create",
        "dossier.attach_document",
        "dossier.save_page",
        "dossier.submit",
        "dossier.message",
    ):
        assert Entry.objects.filter(action=action, mandate_id=mandate.pk, organisation_id=world["fs"].pk).exists(), (
            action
        )

    # --- The person sees who did what and revokes "logement" ---------------------------------------
    context, person_page = _new_page(browser, javascript=True)
    try:
        login(person_page, live_server, person.user.email, PASSWORD)
        person_page.goto(f"{url}/mandats/mes-mandats/")
        assert_accessible(person_page, context="person mandates")
        journal = person_page.locator(".relais-journal").inner_text()
        assert "France Services Test" in journal and "a activé le mandat" in journal
        assert "a commencé à agir pour vous (Logement)" in journal and "démarche" in journal
        for done in (
            "a commencé une démarche pour vous",
            "a joint un document de votre coffre-fort",
            "a envoyé votre dossier",
            "a écrit à l'administration pour vous",
        ):
            assert done in journal, done
        assert "Sami" in journal  # who did it, not only which organisation
        person_page.get_by_role("button", name="Retirer mon accord pour « Logement »").click()
        assert "accord retiré pour « Logement »" in person_page.content()
        assert_accessible(person_page, context="after revocation")
    finally:
        context.close()
    mandate.refresh_from_db()
    assert mandate.state == "active" and mandate.active_categories() == ["social"]

    # --- The helper's next attempt on housing is refused with a clear message ----------------------
    response = page.goto(f"{url}/mandats/agir/en-cours/")
    assert response.status == 403
    text = page.locator("main").inner_text()
    assert "Camille Martin a retiré son accord pour le domaine « Logement »" in text
    assert "Vous agissez pour" not in page.content()
    assert_accessible(page, context="refusal")
    page.goto(f"{url}/mandats/agir/")
    assert page.get_by_label(re.compile(r"Camille Martin — Logement")).count() == 0
    assert page.get_by_label(re.compile(r"Camille Martin — Social")).count() == 1
    # Still acting for her in "Social", the helper tries the housing procedure again: refused, clearly.
    tick(page, re.compile(r"Camille Martin — Social"))
    page.get_by_role("button", name="Commencer").click()
    assert "Vous agissez pour Camille Martin" in page.locator(".relais-acting").inner_text()
    page.goto(f"{url}/demarches/fiche/{world['housing'].slug}/")
    assert_accessible(page, context="housing procedure detail (helper)")
    with page.expect_response(lambda r: r.url.endswith("/commencer/")) as started:
        page.locator("main form[action$='/commencer/'] button[type=submit]").first.click()
    assert started.value.status == 403
    assert "Camille Martin a retiré son accord pour le domaine « Logement »" in page.locator("main").inner_text()
    assert_accessible(page, context="housing start refused")
    response = page.goto(f"{url}/demarches/dossiers/{dossier.pk}/")
    assert response.status == 403 and "retiré son accord" in page.locator("main").inner_text()
    assert Dossier.objects.count() == 1

    # --- mandate_check on the printed fingerprint ---------------------------------------------------
    out = StringIO()
    call_command("mandate_check", *printed.split(), stdout=out)
    assert "État : active" in out.getvalue() and "logement (révoqué)" in out.getvalue()
    context, person_page = _new_page(browser, javascript=False)
    try:
        login(person_page, live_server, person.user.email, PASSWORD)
        person_page.goto(f"{url}/mandats/mes-mandats/")
        person_page.get_by_role("button", name="Tout retirer à France Services Test").click()
        assert "ne peut plus rien faire pour vous" in person_page.content()
    finally:
        context.close()
    out = StringIO()
    call_command("mandate_check", *printed.split(), stdout=out)
    assert "État : revoked" in out.getvalue()

    out = StringIO()
    call_command("journal_verify", stdout=out)
    from relais.journal.selectors import journal_verify

    assert journal_verify().ok


def test_person_mandates_at_320px(narrow_page, live_server, world, settings):
    settings.AXES_ENABLED = False
    from tests.mandates.factories import make_active_mandate

    make_active_mandate(organisation=world["fs"], person=world["person"], helper=world["helper"])
    login(narrow_page, live_server, world["person"].user.email, PASSWORD)
    narrow_page.goto(f"{live_server.url}/mandats/mes-mandats/")
    assert_fits_320(narrow_page)
    assert_accessible(narrow_page, context="person mandates 320px")


def test_other_mandate_pages_accessible(browser, page, live_server, world, settings):
    """Every other helper page of mandates, with axe-core; forms with errors too."""
    settings.AXES_ENABLED = False
    from relais.mandates import services
    from tests.mandates.factories import make_active_mandate, make_session

    fs, helper, person = world["fs"], world["helper"], world["person"]
    mandate = make_active_mandate(organisation=fs, person=person, helper=helper, categories=("social",))
    pending = services.mandate_request_create(
        actor=helper, organisation=fs, person=person, categories=["famille"], duration_days=1, consent_method="account"
    )
    paper = services.mandate_request_create(
        actor=helper,
        organisation=fs,
        person=PersonFactory(),
        categories=["social"],
        duration_days=365,
        consent_method="paper",
    )
    make_session(organisation=fs, helper=helper, themes=["social", "numerique"])
    url = live_server.url

    page.set_default_timeout(10000)
    helper.totpdevice_set.update(last_t=-1)  # make_active_mandate used the current code
    login(page, live_server, helper.email, PASSWORD, totp_now())
    assert "/double-authentification/" not in page.url
    for path in (
        "/mandats/personne/nouvelle/",
        "/mandats/accompagnements/",
        "/mandats/accompagnements/nouveau/",
        f"/mandats/aidant/mandats/{paper.pk}/accord/",
        f"/mandats/attestation/{paper.pk}/",
        f"/mandats/aidant/mandats/{pending.pk}/accord/",
        f"/mandats/aidant/mandats/{mandate.pk}/renouveler/",
    ):
        response = page.goto(url + path)
        assert response.status == 200 and page.url.startswith(url + "/mandats/"), path
        assert_accessible(page, context=path)
    # Forms with errors.
    page.goto(url + "/mandats/personne/nouvelle/")
    page.get_by_role("button", name="Créer la fiche").click()
    assert "fr-error-text" in page.content() or "fr-input-group--error" in page.content()
    assert_accessible(page, context="person create with errors")
    page.get_by_label("Prénom").fill("Yvette")
    page.get_by_label("Nom", exact=True).fill("Roux")
    page.get_by_label(re.compile("Date de naissance")).fill("12/03/1948")
    tick(page, re.compile("La personne est présente et d'accord"))
    page.get_by_role("button", name="Créer la fiche").click()
    assert page.locator("#claim-code").count() == 1
    assert_accessible(page, context="claim sheet")
    page.goto(url + "/mandats/accompagnements/nouveau/")
    page.get_by_role("button", name="Enregistrer").click()
    assert_accessible(page, context="accompaniment with errors")
    page.goto(url + f"/mandats/personne/{person.pk}/mandat/")
    page.get_by_role("button", name=re.compile("Continuer")).click()
    assert "Choisissez au moins un domaine." in page.content()
    assert_accessible(page, context="mandate new with errors")


def test_manager_person_and_visitor_pages_accessible(browser, page, live_server, world, settings):
    settings.AXES_ENABLED = False
    from relais.mandates import services
    from tests.mandates.factories import make_active_mandate, make_session

    fs, helper, person = world["fs"], world["helper"], world["person"]
    manager = MembershipFactory(organisation=fs, role=MemberRole.MANAGER).user
    add_totp(manager)
    mandate = make_active_mandate(organisation=fs, person=person, helper=helper, categories=("social",))
    pending = services.mandate_request_create(
        actor=helper, organisation=fs, person=person, categories=["famille"], duration_days=1, consent_method="account"
    )
    make_session(organisation=fs, helper=helper, themes=["social", "numerique"])
    url = live_server.url
    context, other = _new_page(browser, javascript=True)
    try:
        login(other, live_server, manager.email, PASSWORD, totp_now())
        other.goto(url + "/mandats/accompagnements/chiffres/")
        assert "Social - Santé" in other.content()
        assert_accessible(other, context="accompaniment stats")
    finally:
        context.close()
    context, other = _new_page(browser, javascript=True)
    try:
        login(other, live_server, person.user.email, PASSWORD)
        other.goto(url + f"/mandats/mes-mandats/{pending.pk}/demande/")
        assert_accessible(other, context="person consent request")
        other.goto(url + f"/mandats/attestation/{mandate.pk}/")
        assert_accessible(other, context="attestation seen by the person")
    finally:
        context.close()
    context, other = _new_page(browser, javascript=True)  # axe-core needs JavaScript to run
    try:
        other.goto(url + "/mandats/recuperer-ma-fiche/")
        assert_accessible(other, context="claim")
        other.get_by_role("button", name="Créer mon compte").click()
        assert_accessible(other, context="claim with errors")
    finally:
        context.close()
