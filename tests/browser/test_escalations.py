"""Issue #13, « Done when », in Chromium, as new users would: a helper opens an escalation for Camille about a
suspended housing aid, routed to the CAF du Rhône team; the CAF agent answers, adds an internal note the helper
cannot see, marks it processed; the helper closes it as useful; the statistics page shows the times; after the
retention delay (simulated) the personal data is gone and the statistics remain. Every new page: axe-core,
without JavaScript and at 320 px."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from relais.escalations.models import Escalation, Message, Status
from relais.escalations.retention import closed_purge
from tests.browser.fixtures import _new_page, assert_accessible, assert_fits_320, login, submit
from tests.escalations.factories import agent_of, team
from tests.factories import PASSWORD, CommuneFactory, DepartementFactory, OrganisationFactory, PersonFactory, totp_now
from tests.mandates.factories import helper_of, make_active_mandate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db, settings):
    settings.AXES_ENABLED = False
    fs = OrganisationFactory(name="France Services Vénissieux")
    helper = helper_of(fs)
    helper.active_membership = helper.memberships.select_related("organisation").get()
    rhone = DepartementFactory(code="69", name="Rhône")
    venissieux = CommuneFactory(name="Vénissieux", code="69259", departement=rhone)
    camille = PersonFactory(first_name="Camille", last_name="Martin", commune=venissieux)
    make_active_mandate(organisation=fs, person=camille, helper=helper, categories=("logement",))
    caf = OrganisationFactory(name="CAF du Rhône")
    caf_team = team(organisation=caf, name="CAF du Rhône — équipe partenaires", departement=rhone)
    agent = agent_of(caf_team)
    team(
        organisation=OrganisationFactory(name="CAF de l'Isère"),
        name="CAF de l'Isère — partenaires",
        departement=DepartementFactory(code="38", name="Isère"),
    )
    for user in (helper, agent):
        user.totpdevice_set.update(last_t=-1)
    return {"helper": helper, "agent": agent, "camille": camille, "team": caf_team}


def _login(browser, live_server, user, **kwargs):
    context, page = _new_page(browser, **{"javascript": True, **kwargs})
    user.totpdevice_set.update(last_t=-1)
    login(page, live_server, user.email, PASSWORD, totp_now())
    return context, page


def test_the_escalation_journey(browser, live_server, world):
    url, camille = live_server.url, world["camille"]

    # --- The helper, from Camille's file: category, the team proposed, the description -------------
    context, page = _login(browser, live_server, world["helper"])
    page.goto(f"{url}/personnes/{camille.pk}/")
    submit(page, page.get_by_role("link", name=re.compile("Saisir une administration")))
    assert_accessible(page, context="escalation: choose the category")
    page.get_by_label("De quoi s'agit-il ?").select_option("logement")
    submit(page, page.get_by_role("button", name="Voir les équipes proposées"))
    main = page.locator("main").inner_text()
    assert "CAF du Rhône — équipe partenaires" in main and "Isère" not in main  # routed by the commune
    assert page.get_by_label(re.compile("CAF du Rhône — équipe partenaires")).is_checked()
    assert_accessible(page, context="escalation: the form")
    page.locator("label", has_text="Un paiement est suspendu").click()
    page.get_by_label("Objet").fill("Aide au logement suspendue")
    page.get_by_label("Description de la situation").fill("L'APL de Camille est suspendue depuis mars.")
    page.get_by_label(re.compile("Numéro d'allocataire CAF")).fill("1234567")
    submit(page, page.get_by_role("button", name="Envoyer la saisine"))
    assert "La saisine est envoyée à CAF du Rhône — équipe partenaires" in page.locator("main").inner_text()
    escalation = Escalation.objects.get(person=camille)
    assert escalation.team == world["team"] and escalation.grant_source == "mandate"
    assert_accessible(page, context="escalation thread (helper)")
    context.close()

    # --- The CAF agent: the inbox with its badge, an answer, an internal note, processed -------------
    context, page = _login(browser, live_server, world["agent"])
    page.goto(f"{url}/saisines/")
    item = page.locator(".relais-inbox li", has_text="Aide au logement suspendue")
    assert "du nouveau" in item.inner_text().lower()
    assert_accessible(page, context="inbox (agent)")
    submit(page, item.get_by_role("link"))
    assert "1234567" in page.locator("main").inner_text()  # the identifier, in full for the invited team
    page.locator("#answer textarea").fill("Bonjour, l'attestation de loyer manque. Nous relançons le dossier.")
    submit(page, page.get_by_role("button", name="Envoyer la réponse"))
    page.locator("#note textarea").fill("Pièce retrouvée dans la GED, mal indexée.")
    submit(page, page.get_by_role("button", name="Enregistrer la note interne"))
    page.locator("#processed textarea").fill("Aide rétablie, rappel versé le 5.")
    submit(page, page.get_by_role("button", name="Marquer la saisine traitée"))
    assert "Traitée" in page.locator("main").inner_text()
    assert_accessible(page, context="escalation thread (agent)")
    context.close()
    escalation.refresh_from_db()
    assert escalation.status == Status.PROCESSED

    # --- The helper: the answer without the internal note; closing as useful ----------------------
    context, page = _login(browser, live_server, world["helper"])
    page.goto(f"{url}/saisines/{escalation.pk}/")
    main = page.locator("main").inner_text()
    assert "l'attestation de loyer manque" in main and "Aide rétablie" in main
    assert "GED" not in main and "Note interne" not in main
    assert "1234567" not in main  # masked for the helper side
    submit(page, page.get_by_role("link", name="Clôturer la saisine"))
    assert_accessible(page, context="close the escalation")
    page.locator("label[for^=id_useful]", has_text="Oui").click()
    page.get_by_label("Ce qui s'est passé pour la personne").fill("L'aide au logement est de nouveau versée.")
    submit(page, page.get_by_role("button", name="Clôturer"))
    assert "La saisine est clôturée" in page.locator("main").inner_text()
    context.close()
    escalation.refresh_from_db()
    assert escalation.status == Status.CLOSED and escalation.useful == "yes"

    # --- The public statistics page shows the times ----------------------------------------------
    context, page = _new_page(browser, javascript=True)
    page.goto(f"{url}/saisines/statistiques/")
    row = page.locator("tr", has_text="CAF du Rhône — équipe partenaires")
    cells = row.locator("td").all_inner_texts()
    assert re.fullmatch(r"\d+(,\d)? h", cells[3]) and re.fullmatch(r"\d+(,\d)? h", cells[4]), cells
    assert cells[5].startswith("100 %")
    assert "Camille" not in page.locator("main").inner_text()
    assert_accessible(page, context="public statistics")

    # --- After the retention delay (simulated): the personal data is gone, the statistics remain --
    assert closed_purge(now=timezone.now() + dt.timedelta(days=184)) == 1
    escalation.refresh_from_db()
    assert escalation.person is None and escalation.subject == "" and escalation.identifiers == {}
    assert not Message.objects.filter(escalation=escalation).exists()
    page.goto(f"{url}/saisines/statistiques/")
    assert page.locator("tr", has_text="CAF du Rhône — équipe partenaires").locator("td").all_inner_texts() == cells
    context.close()


def test_every_new_page_without_javascript_and_at_320px(browser, live_server, world):
    from tests.escalations.factories import open_escalation

    url = live_server.url
    w = {"helper": world["helper"], "fs": world["helper"].active_membership.organisation, **world}
    escalation = open_escalation(w)
    manager = helper_of(world["team"].organisation, role="manager")
    pages = {
        world["helper"]: [
            "/saisines/",
            f"/saisines/nouvelle/{world['camille'].pk}/",
            f"/saisines/nouvelle/{world['camille'].pk}/?categorie=logement",
            f"/saisines/{escalation.pk}/",
            f"/saisines/{escalation.pk}/cloturer/",
            "/saisines/statistiques/",
        ],
        world["agent"]: ["/saisines/", f"/saisines/{escalation.pk}/"],
        manager: ["/saisines/equipes/", "/saisines/equipes/nouvelle/", f"/saisines/equipes/{world['team'].pk}/"],
    }
    for user, paths in pages.items():
        for javascript, width in ((False, 1280), (True, 320)):
            context, page = _login(browser, live_server, user, javascript=javascript, width=width)
            for path in paths:
                page.goto(url + path)
                assert page.locator("h1").count() == 1, path
                if width == 320:
                    assert_fits_320(page)
                assert_accessible(page, context=f"{path} ({'320 px' if width == 320 else 'no JS'})")
            assert not page.csp_violations, page.csp_violations
            context.close()
    # without JavaScript, the agent answers (the form posts and the thread shows it)
    context, page = _login(browser, live_server, world["agent"], javascript=False)
    page.goto(f"{url}/saisines/{escalation.pk}/")
    page.locator("#answer textarea").fill("Réponse sans JavaScript.")
    submit(page, page.get_by_role("button", name="Envoyer la réponse"))
    assert "Réponse sans JavaScript." in page.locator(".relais-thread").inner_text()
    # an empty answer: a plain-French message, nothing lost
    submit(page, page.get_by_role("button", name="Envoyer la réponse"))
    assert "écrivez votre message" in page.locator("main").inner_text().lower()
    context.close()
