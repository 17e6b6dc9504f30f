import pytest

from tests.browser.fixtures import assert_accessible, assert_fits_320

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "path",
    ["/", "/mentions-legales/", "/confidentialite/", "/accessibilite/", "/compte/connexion/", "/compte/inscription/"],
)
def test_public_shell_pages_accessible(page, live_server, path):
    page.goto(live_server.url + path)
    assert_accessible(page)


def test_home_without_javascript_and_at_320px(nojs_page, narrow_page, live_server):
    nojs_page.goto(live_server.url + "/")
    assert "Relais" in nojs_page.title()
    narrow_page.goto(live_server.url + "/")
    assert_fits_320(narrow_page)
