"""Every page reachable so far, logged in as each role: zero axe-core violations, and the same
pages work with JavaScript disabled."""

import pytest
from django.urls import reverse

from relais.organisations.models import MemberRole
from tests.browser.fixtures import assert_accessible, login, submit
from tests.factories import (
    PASSWORD,
    DepartementFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    add_totp,
    totp_now,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMON = ["www:home", "www:dashboard", "accounts:profile", "accounts:password_change", "accounts:delete"]
PAGES = {
    "person": COMMON + ["accounts:two_factor_setup"],
    "helper": COMMON + ["accounts:two_factor_backup", "accounts:two_factor_setup"],
    "agent": COMMON + ["accounts:two_factor_backup"],
    "manager": COMMON + ["www:organisation", "accounts:two_factor_backup"],
    "coordinator": COMMON + ["www:coordination", "accounts:two_factor_backup"],
    "staff": COMMON + ["www:coordination", "accounts:two_factor_backup"],
}
PUBLIC = [
    "www:home",
    "accounts:login",
    "accounts:signup",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
]


def make_user(role: str):
    if role == "person":
        return PersonFactory().user
    if role in {"helper", "agent", "manager"}:
        membership = MembershipFactory(role=MemberRole(role), organisation__name=f"Structure du {role}")
        if role == "manager":
            MembershipFactory(organisation=membership.organisation, user__email="collegue@example.org")
        user = membership.user
    else:
        user = UserFactory(is_staff=role == "staff")
        if role == "coordinator":
            user.coordinated_departements.add(DepartementFactory())
    add_totp(user)
    return user


def _log_in(page, live_server, user, role):
    login(page, live_server, user.email, PASSWORD, totp=None if role == "person" else totp_now())
    assert "/connexion/" not in page.url and "/double-authentification/" not in page.url, page.url


@pytest.mark.parametrize("role", list(PAGES))
def test_pages_of_each_role_are_accessible(page, live_server, role):
    user = make_user(role)
    _log_in(page, live_server, user, role)
    for name in PAGES[role]:
        response = page.goto(live_server.url + reverse(name))
        assert response.status == 200, (name, response.status)
        assert page.locator("h1").count() == 1, name
        assert_accessible(page, context=f"{role} {name}")


@pytest.mark.parametrize("role", list(PAGES))
def test_pages_of_each_role_work_without_javascript(nojs_page, live_server, role):
    user = make_user(role)
    _log_in(nojs_page, live_server, user, role)
    for name in PAGES[role]:
        response = nojs_page.goto(live_server.url + reverse(name))
        assert response.status == 200, (name, response.status)
        assert nojs_page.locator("main h1").count() == 1, name
    # A form posts and comes back without JavaScript: the profile.
    nojs_page.goto(live_server.url + reverse("accounts:profile"))
    nojs_page.fill("input[name=phone]", "06 12 34 56 78")
    nojs_page.click("main form.relais-form button[type=submit]")
    assert nojs_page.locator(".fr-alert--success").count() == 1
    user.refresh_from_db()
    assert user.phone == "+33612345678"


@pytest.mark.parametrize("name", PUBLIC)
def test_public_account_pages_are_accessible_and_work_without_javascript(page, nojs_page, live_server, name):
    for current in (page, nojs_page):
        response = current.goto(live_server.url + reverse(name))
        assert response.status == 200
        assert current.locator("main h1").count() == 1
    assert_accessible(page)


def test_invalid_reset_link_and_lockout_pages_are_accessible(page, live_server, settings):
    page.goto(live_server.url + reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "x-y"}))
    assert "Ce lien ne marche plus" in page.content()
    assert_accessible(page)
    user = PersonFactory().user
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(page, live_server, user.email, "mauvais mot de passe")
    assert "Connexion bloquée" in page.content()
    assert_accessible(page)


def test_totp_enrolment_in_the_browser(page, nojs_page, live_server):
    """A new helper is sent to set-up, sees the QR code and the key, and confirms a first code."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = MembershipFactory().user
    login(page, live_server, user.email, PASSWORD)
    page.goto(live_server.url + reverse("www:dashboard"))
    assert "/double-authentification/installer/" in page.url
    assert page.locator("img.relais-qr").count() == 1
    assert_accessible(page, context="2FA set-up")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.fill("input[name=token]", f"{TOTP(device.bin_key).token():06d}")
    submit(page, "main button[type=submit]")
    assert "/codes-de-secours/" in page.url
    assert page.locator(".relais-codes li").count() == 10
    assert_accessible(page, context="backup codes")
    submit(page, "text=J'ai noté mes codes, continuer")
    assert page.url.rstrip("/").endswith("/mon-espace")
    # The same page without JavaScript (another, verified, session is not needed to render it).
    other = MembershipFactory().user
    login(nojs_page, live_server, other.email, PASSWORD)
    nojs_page.goto(live_server.url + reverse("accounts:two_factor_setup"))
    assert nojs_page.locator("code.relais-secret").count() == 1


def test_second_factor_page_is_accessible_and_fits_320px(page, narrow_page, live_server):
    from tests.browser.fixtures import assert_fits_320

    user = make_user("helper")
    login(page, live_server, user.email, PASSWORD)
    page.goto(live_server.url + reverse("www:dashboard"))
    assert "/double-authentification/" in page.url
    assert_accessible(page, context="2FA verify")
    page.fill("input[name=token]", "000000")
    submit(page, "main button[type=submit]")
    assert page.locator(".fr-error-text").count() == 1
    assert_accessible(page, context="2FA verify with an error")
    newcomer = MembershipFactory().user
    login(narrow_page, live_server, newcomer.email, PASSWORD)
    narrow_page.goto(live_server.url + reverse("accounts:two_factor_setup"))
    assert_fits_320(narrow_page)
