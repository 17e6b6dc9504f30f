"""Issue #15, « Done when », in Chromium, as new users would: the demo helper refers Camille to the food-aid
service of the demo directory (Épicerie solidaire des Minguettes) with her identity card shared; the service
opens the signed link without an account and accepts with « venez mardi à 10 h »; Camille and the helper are
notified; a second referral left unanswered is reminded at day 10 and expires at day 30 (frozen clock); the
service's response rate then appears on its page for professionals. axe-core on every page of the journey;
every new page also without JavaScript and at 320 px."""

from __future__ import annotations

import datetime as dt
import io
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP

from relais.accounts import demo as accounts_demo
from relais.casefile import demo as casefile_demo
from relais.directory import demo as directory_demo
from relais.directory.models import Service
from relais.documents import demo as documents_demo
from relais.mandates import demo as mandates_demo
from relais.notifications.models import Notification
from relais.referrals import demo as referrals_demo
from relais.referrals import links, services
from relais.referrals.models import Referral, ReferralState
from relais.territory import demo as territory_demo
from tests.browser.fixtures import _new_page, assert_accessible, assert_fits_320, login, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HELPER = "sami.aidant@demo.relais.fr"
CAMILLE = "camille.martin@demo.relais.fr"
SERVICE_EMAIL = "epicerie.minguettes@demo.relais.fr"


@pytest.fixture
def demo(settings):
    settings.AXES_ENABLED = False
    ctx: dict = {}
    out = io.StringIO()
    for module in (
        territory_demo,
        accounts_demo,
        directory_demo,
        documents_demo,
        mandates_demo,
        casefile_demo,
        referrals_demo,
    ):
        module.load(ctx, out)
    epicerie = Service.objects.select_related("place").get(
        source="relais-demo", source_id="epicerie-minguettes-epicerie"
    )
    return {"ctx": ctx, "service": epicerie, "helper": ctx["users"][HELPER], "camille": ctx["users"][CAMILLE]}


def _totp(user) -> str:
    user.totpdevice_set.update(last_t=-1)  # each context logs in again within the same 30 s
    return f"{TOTP(bytes.fromhex(accounts_demo.demo_totp_hex())).token():06d}"


def _login_helper(page, live_server, helper):
    login(page, live_server, HELPER, accounts_demo.DEMO_PASSWORD, _totp(helper))


def _service_links() -> list[str]:
    found = []
    for message in mail.outbox:
        if message.to == [SERVICE_EMAIL]:
            found += re.findall(r"/orientations/lien/\S+/", message.body)  # the path (SITE_URL is not the test server)
    return found


def test_refer_camille_answer_by_link_remind_expire_and_response_rate(browser, live_server, demo):
    url, helper, service = live_server.url, demo["helper"], demo["service"]
    context, page = _new_page(browser, javascript=True)
    _login_helper(page, live_server, helper)

    # --- The helper finds the food-aid service in the demo directory and refers Camille ----------------------
    page.goto(url + reverse("directory:search") + "?commune=69259&categorie=alimentation")
    submit(page, page.locator(".relais-result h3 a", has_text="Épicerie solidaire"))
    assert "Épicerie solidaire des Minguettes" in page.locator("h1").inner_text()
    assert "accepte les orientations par relais" in page.locator("main").inner_text().lower()  # a DSFR badge
    assert_accessible(page, context="place page with the referral block")
    submit(page, page.get_by_role("link", name=re.compile("Orienter une personne")))
    assert_accessible(page, context="choose the person")
    page.select_option("select[name=personne]", label="Camille Martin")
    submit(page, page.get_by_role("button", name="Continuer"))
    page.locator("label", has_text="Sans ressources").click()
    page.fill("textarea[name=request]", "Colis alimentaire pour Camille et ses deux enfants.")
    page.locator("label", has_text="Carte d'identité").click()
    page.locator("label", has_text="La personne est d'accord").click()
    page.locator("label", has_text="Par téléphone").click()
    assert_accessible(page, context="referral form")
    submit(page, page.get_by_role("button", name="Envoyer l'orientation"))
    assert "L'orientation est envoyée" in page.locator("main").inner_text()
    assert_accessible(page, context="referral sent")
    first = Referral.objects.get()
    assert first.state == ReferralState.SENT and first.attachments.get().title == "Carte d'identité"
    context.close()

    # --- The service, without a Relais account, opens the signed link and accepts -----------------------------
    (link,) = _service_links()
    context, page = _new_page(browser, javascript=True)
    page.goto(url + link)
    main = page.locator("main").inner_text()
    assert "Camille Martin" in main and "Colis alimentaire" in main and "Carte d'identité" in main
    assert_accessible(page, context="signed link")
    page.locator("label", has_text="Un rendez-vous").click()
    page.fill("textarea[name=accepter-message]", "venez mardi à 10 h")
    submit(page, page.get_by_role("button", name="Accepter l'orientation"))
    assert "l'orientation est acceptée" in page.locator("main").inner_text()
    first.refresh_from_db()
    assert first.state == ReferralState.ACCEPTED and first.answer_message == "venez mardi à 10 h"
    page.goto(url + link[:-5] + "abcd/")
    assert "Ce lien n'est pas valable" in page.locator("h1").inner_text()
    assert "Camille" not in page.locator("main").inner_text()
    assert_accessible(page, context="altered link")
    context.close()

    # --- Camille and the helper are told, in plain French ------------------------------------------------------
    camille = demo["camille"].person
    told = Notification.objects.get(key=f"referral-{first.pk}-accepted-person", person=camille)
    assert "venez mardi à 10 h" in told.body and "accepte" in told.body
    assert Notification.objects.filter(key=f"referral-{first.pk}-accepted-referrer", user=helper).exists()
    context, page = _new_page(browser, javascript=True)
    login(page, live_server, CAMILLE, accounts_demo.DEMO_PASSWORD)
    page.goto(url + reverse("referrals:mine"))
    mine = page.locator("main").inner_text()
    assert "Épicerie solidaire" in mine and "venez mardi à 10 h" in mine
    assert_accessible(page, context="Camille's referrals")
    context.close()

    # --- A second referral left unanswered: reminded at day 10, expired at day 30 (frozen clock) --------------
    organisation = demo["ctx"]["organisations"]["fs_venissieux"]
    second = services.referral_create(
        actor=helper,
        organisation=organisation,
        person=camille,
        service=service,
        situations=[],
        request="Deuxième demande",
        contact_preference="referrer",
    )
    start, before = second.sent_at, len(_service_links())
    with mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(days=10, minutes=5)):
        call_command("referrals_daily", stdout=io.StringIO())
    reminders = [m for m in mail.outbox if m.to == [SERVICE_EMAIL] and "Rappel" in m.subject]
    assert len(reminders) == 1 and len(_service_links()) == before + 1
    second.refresh_from_db()
    assert second.state == ReferralState.SENT and second.reminded_at is not None
    with mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(days=30, minutes=5)):
        call_command("referrals_daily", stdout=io.StringIO())
    second.refresh_from_db()
    assert second.state == ReferralState.EXPIRED
    assert Notification.objects.filter(key=f"referral-{second.pk}-expired-referrer", user=helper).exists()

    # --- Three more answered referrals: from 5 in 12 months the rate shows, to professionals only ------------
    for answer in ("accept", "accept", "refuse"):
        referral = services.referral_create(
            actor=helper,
            organisation=organisation,
            person=camille,
            service=service,
            situations=[],
            request="Demande",
            contact_preference="phone",
        )
        if answer == "accept":
            services.referral_accept(referral=referral, next_step="call", via=services.LINK)
        else:
            services.referral_refuse(referral=referral, reason="full", via=services.LINK)
    place_url = url + reverse("directory:place", args=[service.place_id])
    context, page = _new_page(browser, javascript=True)
    page.goto(place_url)
    assert "Taux de réponse" not in page.locator("main").inner_text()  # the public does not see it
    _login_helper(page, live_server, helper)
    page.goto(place_url)
    assert (
        "Taux de réponse aux orientations : 80 % (sur 5 orientations en 12 mois)" in page.locator("main").inner_text()
    )
    assert_accessible(page, context="place page with the response rate")
    page.goto(url + reverse("referrals:sent"))
    assert "sans réponse (expirée)" in page.locator("main").inner_text().lower()
    context.close()


def test_every_new_page_without_javascript_and_at_320_px(browser, live_server, demo):
    url, helper, service = live_server.url, demo["helper"], demo["service"]
    camille = demo["camille"].person
    organisation = demo["ctx"]["organisations"]["fs_venissieux"]
    referral = services.referral_create(
        actor=helper,
        organisation=organisation,
        person=camille,
        service=service,
        situations=["no_income"],
        request="Colis",
        contact_preference="phone",
    )
    token = links.make_token(referral)
    restaurant = Service.objects.get(source="relais-demo", source_id="restaurant-social-repas")
    not_taking = Service.objects.filter(place__source="relais-demo").exclude(referral_settings__isnull=False).first()
    helper_pages = [
        reverse("referrals:new", args=[service.pk]),
        reverse("referrals:new", args=[service.pk]) + f"?personne={camille.pk}",
        reverse("referrals:new", args=[not_taking.pk]),
        reverse("referrals:sent"),
        reverse("referrals:sent_detail", args=[referral.pk]),
        reverse("referrals:inbox"),
        reverse("referrals:settings", args=[service.pk]),
        reverse("directory:place", args=[service.place_id]),
        reverse("directory:search") + "?commune=69259&categorie=alimentation&tri=reponse",
    ]
    public_pages = [
        reverse("referrals:link", args=[service.pk, token]),
        reverse("referrals:link", args=[restaurant.pk, token]),  # wrong service
    ]
    for width_page in ("nojs", "narrow"):
        context, page = _new_page(
            browser, javascript=width_page == "narrow", width=320 if width_page == "narrow" else 1280
        )
        for path in public_pages:
            page.goto(url + path)
            assert page.locator("h1").count() == 1
            assert_accessible(page, context=f"{path} ({width_page})")
            if width_page == "narrow":
                assert_fits_320(page)
        _login_helper(page, live_server, helper)
        for path in helper_pages:
            response = page.goto(url + path)
            assert response.status == 200, (path, response.status)
            assert_accessible(page, context=f"{path} ({width_page})")
            if width_page == "narrow":
                assert_fits_320(page)
        context.close()
        context, page = _new_page(
            browser, javascript=width_page == "narrow", width=320 if width_page == "narrow" else 1280
        )
        login(page, live_server, CAMILLE, accounts_demo.DEMO_PASSWORD)
        page.goto(url + reverse("referrals:mine"))
        assert "Épicerie solidaire" in page.locator("main").inner_text()
        assert_accessible(page, context=f"mine ({width_page})")
        if width_page == "narrow":
            assert_fits_320(page)
        if width_page == "nojs":  # the person cancels without JavaScript
            submit(page, page.get_by_role("button", name=re.compile("Annuler cette orientation")))
            assert "annulée" in page.locator("main").inner_text()
        context.close()
    referral.refresh_from_db()
    assert referral.state == ReferralState.CANCELLED and timezone.now() >= referral.closed_at
