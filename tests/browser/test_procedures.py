"""The whole journey of issue 4 in Chromium, with and without JavaScript.

A new person signs up, fills a procedure with a repeated block and a conditional question,
loses the connection (the browser context is closed) and finds the draft again, attaches a
6 MB HEIC photo to a field limited to 1 MB (fitted by Relais), submits and is notified; the agent
requests a correction, the person corrects, the agent sees both versions and what changed, and
accepts. axe-core runs on every page of the journey."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from relais.notifications.models import Notification
from relais.procedures.models import Attachment, Dossier, DossierState
from tests.browser.fixtures import _new_page, assert_accessible, login
from tests.factories import PASSWORD, totp_now
from tests.procedures.factories import agent_of, make_procedure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "var" / "test-fixtures"


def heic_6mb() -> Path:
    """A ~6 MB HEIC phone photo (noisy, 2800×2100). Encoding takes ~30 s: cached under var/test-fixtures/."""
    path = FIXTURES / "photo-6mb.heic"
    if path.exists() and path.stat().st_size > 5_500_000:
        return path
    from relais.documents import samples

    FIXTURES.mkdir(parents=True, exist_ok=True)
    data = samples.heic_bytes(samples.photo(2800, 2100, seed=7, noise=40.0), quality=92)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


@pytest.fixture(scope="session")
def big_heic():
    path = heic_6mb()
    assert path.stat().st_size > 5_500_000
    return path


class Journey:
    """Contexts opened during the journey, checked for CSP violations at the end."""

    def __init__(self, browser, javascript: bool):
        self.browser = browser
        self.javascript = javascript
        self.pages = []

    def new_page(self):
        context, page = _new_page(self.browser, javascript=self.javascript)
        page.set_default_timeout(30_000)
        page.relais_javascript = self.javascript
        self.pages.append((context, page))
        return page

    def close(self):
        for context in _AXE_CONTEXTS.values():
            context.close()
        _AXE_CONTEXTS.clear()
        violations = []
        for context, page in self.pages:
            violations += page.csp_violations
            try:
                context.close()
            except Exception:  # noqa: BLE001 - already closed on purpose ("connection lost")
                pass
        assert not violations, f"CSP violations: {violations}"


_AXE_CONTEXTS: dict = {}


def check(page, what: str):
    """axe-core on the page. With JavaScript off axe cannot run in that page (its promises never
    settle), so the exact HTML the no-JS browser received is replayed in a JS-enabled page whose
    own scripts are blocked, and axe runs there."""
    javascript = getattr(page, "relais_javascript", True)
    if javascript:
        assert_accessible(page, context=f"{what} ({page.url})")
        return
    html = page.content()
    url = page.url.split("#", 1)[0]
    browser = page.context.browser
    context = _AXE_CONTEXTS.get(id(browser))
    if context is None:
        context = browser.new_context(java_script_enabled=True, viewport={"width": 1280, "height": 900}, locale="fr-FR")
        _AXE_CONTEXTS[id(browser)] = context
    replay = context.new_page()

    def handle(route):
        request = route.request
        if request.resource_type == "document" and request.url.split("#", 1)[0] == url:
            route.fulfill(status=200, body=html, content_type="text/html; charset=utf-8")
        elif request.resource_type == "script":
            route.abort()
        else:
            route.continue_()

    replay.route("**/*", handle)
    replay.goto(url)
    try:
        assert_accessible(replay, context=f"{what}, no JavaScript ({url})")
    finally:
        replay.close()


def click_button(page, name: str):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def click_link(page, name: str, exact: bool = True):
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=exact).click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_procedure_journey(browser, live_server, big_heic, javascript, settings):
    settings.AXES_ENABLED = False
    procedure = make_procedure()
    agent = agent_of(procedure.organisation)
    email = f"nouvelle.{'js' if javascript else 'nojs'}@example.org"
    journey = Journey(browser, javascript)
    try:
        # 1. A new person signs up and starts the procedure.
        page = journey.new_page()
        page.goto(f"{live_server.url}/compte/inscription/")
        page.fill("input[name=first_name]", "Nadia")
        page.fill("input[name=last_name]", "Benali")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", "Un-mot-de-passe-solide-2026")
        with page.expect_navigation():
            page.locator("main button[type=submit]").click()
        page.goto(f"{live_server.url}/demarches/")
        check(page, "catalogue")
        click_link(page, procedure.title)
        check(page, "procedure page")
        assert "CCAS de Test" in page.locator(".relais-help").inner_text()
        click_button(page, "Commencer la démarche")
        # Page 1: the first name is prefilled (tell us once), the person confirms it.
        assert page.input_value("input[name=prenom]") == "Nadia"
        assert "Étape 1 sur 3" in page.locator("h1").inner_text()
        check(page, "page 1")
        page.fill("input[name=telephone]", "06 12 34 56 78")
        page.fill("input[name=revenus]", "845,50")
        click_button(page, "Enregistrer et continuer")
        # Page 2: the repeated block depends on "Avez-vous des enfants ?".
        assert "Étape 2 sur 3" in page.locator("h1").inner_text()
        repeat = page.locator("#enfants")
        if javascript:
            assert repeat.is_hidden()  # shown live once "Oui" is chosen
        else:
            assert "À remplir seulement si" in repeat.inner_text()
        check(page, "page 2")
        page.check("input[name=a_enfants][value=yes]", force=True)
        if javascript:
            repeat.wait_for(state="visible")
        page.fill("input[name=enfants__0__prenom_enfant]", "Lina")
        page.fill("input[name=enfants__0__age]", "6")
        click_button(page, "Ajouter : Enfant")  # a second child: the page comes back with "Enfant 2"
        assert page.input_value("input[name=enfants__0__prenom_enfant]") == "Lina"
        page.fill("input[name=enfants__1__prenom_enfant]", "Yanis")
        page.check("input[name=garde][value=Crèche]", force=True)
        check(page, "page 2 with a child")
        click_button(page, "Enregistrer et continuer")
        assert "Étape 3 sur 3" in page.locator("h1").inner_text(), page.locator("main").inner_text()
        check(page, "page 3")
        dossier = Dossier.objects.get(person__user__email=email)
        assert dossier.data["enfants"] == [{"prenom_enfant": "Lina", "age": 6}, {"prenom_enfant": "Yanis", "age": None}]

        # 2. The connection is lost: the browser context dies. The draft is on the server.
        page.context.close()
        page = journey.new_page()
        login(page, live_server, email, "Un-mot-de-passe-solide-2026")
        page.goto(f"{live_server.url}/demarches/mes-demarches/")
        check(page, "my procedures")
        click_link(page, f"Continuer le brouillon {dossier.reference}")
        check(page, "draft dossier")
        click_link(page, "Continuer mon dossier")
        assert "Étape 3 sur 3" in page.locator("h1").inner_text()

        # 3. A 6 MB HEIC photo on a field limited to 1 MB: accepted and fitted, shown before sending.
        page.set_input_files("#id_piece", str(big_heic))
        click_button(page, "Envoyer le fichier")
        attachment = Attachment.objects.get(dossier=dossier)
        assert attachment.content_type == "image/jpeg" and attachment.size <= 1_000_000
        assert attachment.original_size > 5_500_000 and max(attachment.width, attachment.height) >= 1600
        kept = page.locator(".relais-attachment").first
        assert "allégé" in kept.inner_text()
        assert kept.locator("img").get_attribute("alt").startswith("Aperçu de")
        check(page, "page 3 with the fitted photo")
        click_button(page, "Enregistrer et continuer")
        check(page, "review")
        assert "Lina" in page.locator("main").inner_text()
        click_button(page, "Envoyer le dossier")
        check(page, "submitted dossier")
        assert "Déposé" in page.locator(".relais-state").inner_text()
        dossier.refresh_from_db()
        assert dossier.state == DossierState.SUBMITTED
        note = Notification.objects.get(person=dossier.person, event="dossier_submitted")
        assert "Et maintenant ?" in note.body and note.deliveries.exists()

        # 4. The agent asks for a correction.
        agent_page = journey.new_page()
        login(agent_page, live_server, agent.email, PASSWORD, totp=totp_now())
        agent_page.goto(f"{live_server.url}/demarches/instruction/")
        check(agent_page, "back office home")
        click_link(agent_page, procedure.title)
        check(agent_page, "back office list")
        click_link(agent_page, dossier.reference)
        check(agent_page, "back office dossier")
        click_button(agent_page, "Commencer l'instruction")
        agent_page.fill(
            "textarea[name=reason]", "Vos revenus semblent incomplets : ajoutez les allocations familiales."
        )
        click_button(agent_page, "Demander une correction")
        check(agent_page, "correction requested")
        dossier.refresh_from_db()
        assert dossier.state == DossierState.CORRECTION_REQUESTED
        assert Notification.objects.filter(person=dossier.person, event="dossier_correction_requested").exists()

        # 5. The person corrects and sends again.
        page.goto(f"{live_server.url}/demarches/dossiers/{dossier.pk}/")
        assert "allocations familiales" in page.locator(".fr-callout").inner_text()
        check(page, "correction asked")
        click_link(page, "Corriger mon dossier")
        page.fill("input[name=revenus]", "1 012,50")
        click_button(page, "Enregistrer et continuer")
        click_button(page, "Enregistrer et continuer")
        click_button(page, "Enregistrer et continuer")
        check(page, "review of the correction")
        click_button(page, "Renvoyer le dossier corrigé")
        dossier.refresh_from_db()
        assert dossier.state == DossierState.SUBMITTED and dossier.versions.count() == 2

        # 6. The agent sees both versions and what changed, then accepts.
        agent_page.goto(f"{live_server.url}/demarches/instruction/dossiers/{dossier.pk}/")
        diff = agent_page.locator("#diff-title")
        assert "version 1 et la version 2" in diff.inner_text()
        changed = agent_page.locator("tr.relais-diff")
        assert changed.count() == 1 and "845,50" in changed.inner_text() and "1012,50" in changed.inner_text()
        assert agent_page.get_by_role("link", name="Version 1", exact=False).count() == 1
        check(agent_page, "diff")
        click_button(agent_page, "Commencer l'instruction")
        click_button(agent_page, "Accepter")
        check(agent_page, "accepted")
        page.goto(f"{live_server.url}/demarches/dossiers/{dossier.pk}/")
        assert "Accepté" in page.locator(".relais-state").inner_text()
        check(page, "accepted, person side")
        assert Notification.objects.filter(person=dossier.person, event="dossier_accepted").exists()
    finally:
        journey.close()
