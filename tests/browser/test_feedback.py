"""Done-when journey of issue 17, in Chromium as new users would, with and without JavaScript:

Camille submits a dossier, then leaves a review from the confirmation page (linked to her account); a helper
reports that the ID-card field refuses scans (with a screenshot); the author sees the groups ranked, moves
Camille's text into the ID-card group, opens a fix ticket, answers publicly, publishes a new version of the
procedure from the builder and ships the ticket with it; the helper and Camille are notified (email outbox);
staff moderate Camille's story; with generated reviews before and after the ship date, the public page shows
satisfaction before and after the fix, and the national table sorts. axe-core finds no violation and every
new page fits 320 px."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from relais.feedback.aggregates import aggregates_rebuild
from relais.feedback.models import Report, Review, StoryState, Ticket, TicketState
from relais.notifications.models import Notification
from relais.organisations.models import MemberRole
from relais.procedures.models import ProcedureVersion
from tests.browser.fixtures import _new_page, assert_accessible, assert_fits_320, login, submit
from tests.factories import PASSWORD, OrganisationFactory, PersonFactory, UserFactory, add_totp, totp_now
from tests.feedback.factories import review
from tests.mandates.factories import helper_of
from tests.procedures.factories import agent_of, make_procedure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIELDS = [
    {"key": "nom", "type": "text", "label": "Votre nom", "required": True},
    {
        "key": "piece_identite",
        "type": "file",
        "label": "Carte d'identité",
        "required": False,
        "accept": ["image", "pdf"],
        "max_bytes": 5_000_000,
    },
]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


def check(page, what: str) -> None:
    """axe-core on the page, then the same page at 320 px."""
    assert_accessible(page, context=what)
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    assert_fits_320(page)
    page.set_viewport_size(size)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_feedback_journey(browser, live_server, settings, tmp_path, javascript):
    settings.FEEDBACK_MIN_REVIEWS = 20
    settings.MEDIA_ROOT = tmp_path
    organisation = OrganisationFactory(name="CCAS de Lyon")
    procedure = make_procedure(organisation=organisation, fields=FIELDS, title="Aide au logement d'urgence")
    author = agent_of(organisation)
    helper = helper_of(OrganisationFactory(name="France Services Vénissieux"), role=MemberRole.HELPER)
    camille = PersonFactory(first_name="Camille", last_name="Martin", user__email="camille@example.org")
    staff = UserFactory(is_staff=True, email="moderation@example.org")
    add_totp(staff)
    screenshot = tmp_path / "capture.png"
    screenshot.write_bytes(PNG)
    pages = []

    def new_page():
        context, page = _new_page(browser, javascript=javascript)
        page.set_default_timeout(30_000)
        pages.append(page)
        return page

    try:
        # 1. Camille submits a dossier, then leaves a review from the confirmation page.
        page = new_page()
        login(page, live_server, camille.user.email, PASSWORD)
        page.goto(f"{live_server.url}{procedure.get_absolute_url()}")
        submit(page, page.get_by_role("button", name="Commencer la démarche"))
        page.fill("input[name=nom]", "Martin")
        submit(page, page.get_by_role("button", name="Enregistrer et continuer"))
        submit(page, page.get_by_role("button", name="Envoyer le dossier"))
        check(page, "submitted dossier with the review link")
        submit(page, page.get_by_role("link", name="Donner mon avis"))
        check(page, "review form")
        submit(page, "main button[type=submit]")  # nothing chosen: a clear message, nothing saved
        assert "choisissez une réponse" in page.locator("main").inner_text()
        assert not Review.objects.exists()
        check(page, "review form with an error")
        page.check("input[name=satisfaction][value=medium]", force=True)
        page.check("input[name=comprehension][value='2']", force=True)
        page.check("input[name=contact_tried][value=association]", force=True)
        page.check("input[name=contact_reached][value=yes]", force=True)
        page.fill("textarea[name=verbatim]", "Ma carte d'identité scannée est refusée. Appelez-moi au 06 12 34 56 78.")
        page.check("input[name=link_to_person]", force=True)
        submit(page, "main button[type=submit]")
        assert "Merci pour votre avis" in page.locator("h1").inner_text()
        assert "numéro de téléphone" in page.locator(".relais-messages").inner_text()
        check(page, "thanks")
        camille_review = Review.objects.get()
        assert camille_review.person == camille and "06 12" not in camille_review.verbatim

        # 2. A helper reports that the ID-card field refuses scans, with a screenshot.
        helper_page = new_page()
        login(helper_page, live_server, helper.email, PASSWORD, totp=totp_now())
        helper_page.goto(f"{live_server.url}/avis/signaler/")
        check(helper_page, "report: choose the procedure")
        helper_page.select_option("select[name=demarche]", procedure.slug)
        submit(helper_page, "main button[type=submit]")
        check(helper_page, "report form")
        helper_page.select_option("select[name=field_key]", "piece_identite")
        helper_page.fill("input[name=page]", "Justificatifs")
        helper_page.fill("textarea[name=what_happened]", "Le champ refuse les cartes d'identité scannées.")
        helper_page.fill("input[name=people_count]", "6")
        helper_page.set_input_files("input[name=attachment]", str(screenshot))
        submit(helper_page, "main button[type=submit]")
        assert "transmis aux auteurs" in helper_page.locator(".relais-messages").inner_text()
        check(helper_page, "report sent, with the helper's reports")
        report = Report.objects.get()
        assert (report.group.field_key, report.people_count, report.attachment_type) == (
            "piece_identite",
            6,
            "image/png",
        )

        # 3. The author sees the groups ranked, groups Camille's text with the ID card, opens a ticket.
        author_page = new_page()
        login(author_page, live_server, author.email, PASSWORD, totp=totp_now())
        author_page.goto(f"{live_server.url}/avis/retours/")
        check(author_page, "authors' home")
        submit(author_page, author_page.get_by_role("link", name=procedure.title))
        check(author_page, "ranked groups")
        rows = author_page.locator("tbody tr").all_inner_texts()
        assert "Carte d'identité" in rows[0] and "6" in rows[0]  # 6 people: the heaviest first
        submit(author_page, author_page.get_by_role("link", name="La démarche dans son ensemble"))
        check(author_page, "general group with Camille's text")
        author_page.select_option(f"#regroup-review-{camille_review.pk}", "piece_identite")
        submit(author_page, f"form[action$='/avis/{camille_review.pk}/regrouper/'] button")
        assert "Carte d'identité" in author_page.locator("h1").inner_text()
        check(author_page, "ID-card group")
        submit(author_page, author_page.get_by_role("button", name="Ouvrir un ticket de correction"))
        check(author_page, "ticket")
        author_page.select_option("select[name=to]", TicketState.ACKNOWLEDGED)
        author_page.fill("textarea[name=answer]", "Merci : les scans seront acceptés dans la prochaine version.")
        submit(author_page, "main form.relais-form button[type=submit]")
        ticket = Ticket.objects.get()
        assert ticket.state == TicketState.ACKNOWLEDGED

        # 4. The author publishes a new version from the builder and ships the ticket with it.
        submit(author_page, author_page.get_by_role("link", name="construire la démarche"))
        submit(
            author_page,
            author_page.get_by_role("button", name="Créer une nouvelle version pour modifier les questions"),
        )
        submit(author_page, author_page.get_by_role("button", name="Publier cette version"))
        version = ProcedureVersion.objects.get(procedure=procedure, number=2)
        assert version.is_published
        author_page.goto(f"{live_server.url}/avis/retours/tickets/{ticket.pk}/")
        author_page.select_option("select[name=to]", TicketState.SHIPPED)
        author_page.select_option("select[name=version]", str(version.pk))
        mail.outbox.clear()
        submit(author_page, "main form.relais-form button[type=submit]")
        ticket.refresh_from_db()
        assert ticket.state == TicketState.SHIPPED and ticket.shipped_version == version
        check(author_page, "shipped ticket")

        # 5. The reporters are told: the helper by email, Camille by her channel (email here).
        sent = {n.user_id: n for n in Notification.objects.filter(event="feedback_fix_shipped")}
        assert set(sent) == {helper.pk, camille.user_id}
        emails = {address: message for message in mail.outbox for address in message.to}
        assert "corrigé" in emails[helper.email].subject and "version 2" in emails[helper.email].body
        assert camille.user.email in emails

        # 6. Staff moderate Camille's story; nothing was published before.
        staff_page = new_page()
        login(staff_page, live_server, staff.email, PASSWORD, totp=totp_now())
        staff_page.goto(f"{live_server.url}/avis/moderation/")
        check(staff_page, "moderation queue")
        submit(staff_page, staff_page.get_by_role("button", name="Publier"))
        assert Review.objects.get(pk=camille_review.pk).story_state == StoryState.PUBLISHED

        # 7. Generated reviews: the fix shipped 30 days ago, bad before and good after.
        shipped = timezone.now() - dt.timedelta(days=30)
        ProcedureVersion.objects.filter(pk=version.pk).update(published_at=shipped)
        Ticket.objects.filter(pk=ticket.pk).update(shipped_at=shipped, first_report_at=shipped - dt.timedelta(days=12))
        for days in range(31, 60):
            review(procedure, days_ago=days, satisfaction="bad", comprehension=2)
        for days in range(1, 29):
            review(procedure, days_ago=days, satisfaction="good", comprehension=5)
        aggregates_rebuild()
        public = new_page()
        public.goto(f"{live_server.url}/avis/indicateurs/demarche/{procedure.slug}/")
        check(public, "public page")
        fix = public.locator("section").filter(has_text="Carte d'identité")
        before = fix.locator("tr", has_text="Avant").locator("td").nth(1).inner_text().lower()
        after = fix.locator("tr", has_text="Après").locator("td").nth(1).inner_text().lower()
        # 29 bad reviews before; after, 28 good ones and Camille's « medium » one: (28 × 10 + 5) / 29 = 9.8
        assert before == "0,0 — insuffisant" and after == "9,8 — bon", (before, after)
        assert "12 jours après le premier signalement" in fix.inner_text()
        assert "les scans seront acceptés" in fix.inner_text()
        main = public.locator("main").inner_text()
        assert "Ma carte d'identité scannée est refusée" in main and "Camille" not in main and "06 12" not in main
        public.goto(f"{live_server.url}/avis/indicateurs/")
        check(public, "national table")
        submit(public, public.get_by_role("link", name="Satisfaction /10"))
        assert "aria-sort" in public.content()
        check(public, "national table sorted")
    finally:
        for page in pages:
            page.context.close()
