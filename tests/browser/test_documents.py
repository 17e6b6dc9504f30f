"""The document safe in Chromium, with and without JavaScript: upload (Playwright
set_input_files), check the fitted result, keep it, open it, see it listed, delete it; axe-core on
every page and no overflow at 320 px."""

import pytest

from relais.documents.models import Document
from tests.browser.fixtures import assert_accessible, assert_fits_320, login
from tests.documents import images
from tests.factories import PASSWORD, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def journey(page, live_server, person, *, axe: bool = True):
    def check(context):
        # axe-core needs JavaScript: the no-JS run gets the same server-rendered pages.
        if axe:
            assert_accessible(page, context=context)

    login(page, live_server, person.user.email, PASSWORD)
    page.goto(f"{live_server.url}/coffre/")
    check("safe (empty)")
    page.set_input_files(
        "input[name=files]",
        files=[
            {"name": "IMG_2041.HEIC", "mimeType": "image/heic", "buffer": images.heic(640, 480)},
            {"name": "page2.jpg", "mimeType": "image/jpeg", "buffer": images.jpeg(600, 800)},
        ],
    )
    page.click("form[data-relais-upload] button[type=submit]")
    page.wait_for_url("**/coffre/attente/**")
    assert "un PDF de 2 pages" in page.inner_text("main")
    assert page.locator("main img.relais-preview").count() == 1
    check("pending")
    page.select_option("select[name=doc_type]", "address")
    page.fill("input[name=title]", "Facture d'électricité")
    page.click("main form button:has-text('Garder dans mon coffre')")
    page.wait_for_url(f"{live_server.url}/coffre/")
    assert "Facture d'électricité" in page.inner_text("main")
    check("safe (one document)")
    # A bad file is refused with a plain message, the safe is untouched.
    page.set_input_files(
        "input[name=files]",
        files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": images.encrypted_pdf()}],
    )
    page.click("form[data-relais-upload] button[type=submit]")
    page.wait_for_load_state()
    assert "protégé par un mot de passe" in page.inner_text("main")
    check("upload refused")
    page.goto(f"{live_server.url}/coffre/")
    page.click("text=Facture d'électricité")
    check("detail")
    # The download link serves the file as an attachment (fetched with the page's session: the
    # browser's download event is racy in headless Chromium without JavaScript).
    href = page.get_attribute("main a:has-text('Télécharger')", "href")
    response = page.request.get(live_server.url + href)
    assert response.ok
    assert "attachment" in response.headers["content-disposition"]
    assert ".pdf" in response.headers["content-disposition"]
    assert response.body()[:5] == b"%PDF-"
    page.click("main a:has-text('Supprimer')")
    check("delete")
    page.check("input[name=confirm]", force=True)
    page.click("main button:has-text('Supprimer le document')")
    page.wait_for_url(f"{live_server.url}/coffre/")
    assert "Votre coffre est vide" in page.inner_text("main")
    page.goto(f"{live_server.url}/coffre/acces/")
    check("access log")
    assert Document.objects.filter(person=person, deleted_at__isnull=False).count() == 1


def test_safe_journey_with_javascript(page, live_server):
    journey(page, live_server, PersonFactory())


def test_safe_journey_without_javascript(nojs_page, live_server):
    journey(nojs_page, live_server, PersonFactory(), axe=False)


def test_safe_fits_320px(narrow_page, live_server):
    person = PersonFactory()
    from tests.documents.factories import add_document

    add_document(person, title="Un document au nom très long pour vérifier le retour à la ligne")
    login(narrow_page, live_server, person.user.email, PASSWORD)
    for path in ("/coffre/", "/coffre/acces/", f"/coffre/{person.documents.get().pk}/"):
        narrow_page.goto(live_server.url + path)
        assert_fits_320(narrow_page)
