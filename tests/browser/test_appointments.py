"""Done-when journey of issue 16, in Chromium as new users would, with and without JavaScript:

Camille books a phone appointment at France Services Vénissieux from the place page and receives the SMS
(in `var/sms.log`: the development SMS backend, pointed at a temporary folder) with a working cancel
link, then books again; a helper books for Mohamed (no account, no phone or email: the page warns) at
the desk, from his person file; the 48-hour reminder is sent by the worker's hourly jobs (frozen clock);
the agent marks a no-show on the day view and the statistics change. axe-core finds no violation and
every new page fits 320 px."""

import datetime as dt
import json
import re
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from relais.appointments.models import Appointment, AppointmentState, BookableBy, Location, OpeningSlot, Reason
from relais.organisations.models import MemberRole
from tests.browser.fixtures import _new_page, assert_accessible, assert_fits_320, login, submit
from tests.casefile.factories import make_active_follow_up
from tests.directory.factories import PlaceFactory
from tests.factories import PASSWORD, OrganisationFactory, PersonFactory, UserFactory, totp_now
from tests.mandates.factories import helper_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CAMILLE_PHONE = "0612345678"


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


def _world():
    organisation = OrganisationFactory(name="France Services Vénissieux")
    place = PlaceFactory(name="France Services Vénissieux", organisation=organisation)
    phone = Reason.objects.create(
        organisation=organisation,
        name="Aide aux démarches par téléphone",
        location=Location.PHONE,
        bookable_by=BookableBy.EVERYONE,
        instructions_before="Un conseiller vous appelle.",
    )
    desk = Reason.objects.create(
        organisation=organisation,
        name="Accueil sur place",
        location=Location.DESK,
        duration_minutes=45,
        bookable_by=BookableBy.PROFESSIONALS,
    )
    agent = helper_of(organisation, role=MemberRole.AGENT)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for offset in range(7):
        day = tomorrow + dt.timedelta(days=offset)
        if day.weekday() < 5:
            opening = OpeningSlot.objects.create(
                agent=agent,
                place=place,
                first_day=day,
                start_time=dt.time(9),
                end_time=dt.time(17),
                recurrence="weekly",
            )
            opening.reasons.add(phone, desk)
    camille = PersonFactory(
        user=UserFactory(email="camille@example.org", first_name="Camille", last_name="Martin"),
        phone=CAMILLE_PHONE,
        preferred_channel="sms",
    )
    helper = helper_of(organisation)
    mohamed = PersonFactory(user=None, first_name="Mohamed", last_name="Benali", email="", phone="")
    make_active_follow_up(organisation=organisation, person=mohamed, helper=helper, categories=("*",))
    return {"place": place, "agent": agent, "helper": helper, "camille": camille, "mohamed": mohamed}


def check(page, what: str) -> None:
    """Zero axe-core violation, and no horizontal scroll at 320 px."""
    assert_accessible(page, context=what)
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    assert_fits_320(page)
    page.set_viewport_size(size)


def sms_log() -> list[dict]:
    """Every SMS written by the development backend (`SMS_BACKEND = "console"`) to VAR_DIR/sms.log."""
    path = django_settings.VAR_DIR / "sms.log"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def sms_to(phone_end: str, word: str) -> list[str]:
    return [m["text"] for m in sms_log() if m["to"].endswith(phone_end) and word in m["text"]]


def freeze(monkeypatch, at: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: at)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_appointments_done_when(browser, live_server, monkeypatch, settings, tmp_path, javascript):
    settings.SMS_BACKEND, settings.VAR_DIR = "console", tmp_path  # the SMS go to tmp_path/sms.log
    world = _world()
    context, page = _new_page(browser, javascript=javascript)

    # --- Camille books from the place page -----------------------------------------------------------
    login(page, live_server, "camille@example.org", PASSWORD)
    page.goto(f"{live_server.url}/aide/lieu/{world['place'].pk}/")
    submit(page, page.get_by_role("link", name="Prendre rendez-vous"))
    check(page, "reasons of the place")
    submit(page, page.get_by_role("link", name="Aide aux démarches par téléphone"))
    check(page, "free slots")
    submit(page, page.locator("main .relais-appointments__slots a").first)
    check(page, "confirmation step")
    submit(page, page.get_by_role("button", name="Confirmer le rendez-vous"))
    assert "Votre rendez-vous" in page.inner_text("h1")
    check(page, "the appointment")
    first = Appointment.objects.get(person=world["camille"])
    messages = sms_to(CAMILLE_PHONE[1:], "confirmé")
    assert len(messages) == 1, sms_log()
    link = re.search(r"https?://\S+/rendez-vous/lien/\S+/", messages[0]).group(0)

    # The SMS link works without being signed in, and cancels.
    context.clear_cookies()
    page.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    assert "Aide aux démarches par téléphone" in page.inner_text("main")
    submit(page, page.get_by_role("button", name="Annuler ce rendez-vous"))
    assert "annulé" in page.inner_text("main")
    first.refresh_from_db()
    assert first.state == AppointmentState.EXCUSED
    assert sms_to(CAMILLE_PHONE[1:], "annulé")

    # She books again (signed in) from the same page.
    login(page, live_server, "camille@example.org", PASSWORD)
    page.goto(f"{live_server.url}/rendez-vous/lieu/{world['place'].pk}/")
    submit(page, page.get_by_role("link", name="Aide aux démarches par téléphone"))
    submit(page, page.locator("main .relais-appointments__slots a").first)
    submit(page, page.get_by_role("button", name="Confirmer le rendez-vous"))
    second = Appointment.objects.get(person=world["camille"], state=AppointmentState.UNKNOWN)
    page.goto(f"{live_server.url}/rendez-vous/mes-rendez-vous/")
    check(page, "my appointments")

    # --- A helper books for Mohamed at the desk, from his file --------------------------------------
    helper_context, helper_page = _new_page(browser, javascript=javascript)
    login(helper_page, live_server, world["helper"].email, PASSWORD, totp_now())
    helper_page.goto(f"{live_server.url}/personnes/{world['mohamed'].pk}/")
    submit(helper_page, helper_page.get_by_role("link", name="Prendre rendez-vous pour cette personne"))
    assert "ni téléphone mobile ni adresse électronique" in helper_page.inner_text("main")
    check(helper_page, "helper: reasons")
    submit(helper_page, helper_page.get_by_role("link", name="Accueil sur place"))
    check(helper_page, "helper: slots")
    submit(helper_page, helper_page.locator("main .relais-appointments__slots a").first)
    check(helper_page, "helper: confirm")
    submit(helper_page, helper_page.get_by_role("button", name="Confirmer le rendez-vous"))
    assert "Rendez-vous pris pour Mohamed Benali" in helper_page.inner_text("main")
    booked = Appointment.objects.get(person=world["mohamed"])
    assert booked.reason.location == Location.DESK and booked.booked_by == world["helper"]
    helper_context.close()

    # --- The worker sends the 48-hour reminder (frozen clock) ---------------------------------------
    freeze(monkeypatch, second.starts_at - dt.timedelta(hours=47, minutes=30))
    call_command("daily_jobs", "--only", "appointments", stdout=StringIO())
    reminders = sms_to(CAMILLE_PHONE[1:], "Rappel")
    assert len(reminders) == 1 and "/rendez-vous/lien/" in reminders[0]

    # --- After the appointment, the agent marks a no-show and the statistics change ------------------
    freeze(monkeypatch, second.starts_at + dt.timedelta(hours=1))
    agent_context, agent_page = _new_page(browser, javascript=javascript)
    login(agent_page, live_server, world["agent"].email, PASSWORD, totp_now())
    agent_page.goto(f"{live_server.url}/rendez-vous/statistiques/")
    check(agent_page, "statistics before")
    assert "pas encore de rendez-vous passé" in agent_page.inner_text("main")
    day = timezone.localtime(second.starts_at).date().isoformat()
    agent_page.goto(f"{live_server.url}/rendez-vous/agent/jour/?date={day}")
    check(agent_page, "day view")
    row = agent_page.locator("article", has_text="Camille").filter(has_text="Prévu")
    submit(agent_page, row.get_by_role("button", name="Absent sans prévenir"))
    second.refresh_from_db()
    assert second.state == AppointmentState.NOSHOW
    agent_page.goto(f"{live_server.url}/rendez-vous/statistiques/")
    stats_row = agent_page.locator("tr", has_text="Aide aux démarches par téléphone").inner_text()
    assert "100 %" in stats_row
    agent_page.goto(f"{live_server.url}/rendez-vous/agent/plages/")
    check(agent_page, "opening slots")
    agent_context.close()
    context.close()


def test_settings_and_procedure_pages_are_accessible(browser, live_server):
    from relais.procedures.models import Procedure

    world = _world()
    reason = Reason.objects.get(name="Aide aux démarches par téléphone")
    reason.procedure = Procedure.objects.create(
        organisation=reason.organisation,
        slug="aide-rdv",
        title="Aide au logement",
        description="Test",
        category="logement",
    )
    reason.save()
    context, page = _new_page(browser, javascript=False)
    page.goto(f"{live_server.url}/rendez-vous/demarche/{reason.procedure_id}/")
    assert "Aide aux démarches par téléphone" in page.inner_text("main")
    check(page, "procedure: get help from a person")
    manager = helper_of(reason.organisation, role=MemberRole.MANAGER)
    login(page, live_server, manager.email, PASSWORD, totp_now())
    page.goto(f"{live_server.url}/rendez-vous/motifs/")
    check(page, "reasons")
    page.fill("input[name=name]", "Atelier CV")
    page.fill("input[name=capacity]", "1")
    page.check("input[name=is_collective]", force=True)
    submit(page, page.get_by_role("button", name="Ajouter ce motif"))
    assert "au moins 2 places" in page.inner_text("main")
    assert page.input_value("input[name=name]") == "Atelier CV"  # nothing lost
    check(page, "reasons with an error")
    context.close()
    context, page = _new_page(browser, javascript=True)
    login(page, live_server, world["agent"].email, PASSWORD, totp_now())
    for path in ("/rendez-vous/agent/plages/ajouter/", "/rendez-vous/agent/absences/ajouter/"):
        page.goto(f"{live_server.url}{path}")
        check(page, path)
    context.close()
