"""Screens: bad inputs give plain-French messages and keep the choice; the helper's warning; settings forms;
the person file shows the appointments; the signed link's page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.appointments import links
from relais.appointments.models import Appointment, BookableBy, OpeningSlot, Reason
from relais.organisations.models import MemberRole
from tests.appointments.factories import ReasonFactory, make_opening
from tests.casefile.factories import make_active_follow_up
from tests.factories import MembershipFactory, PersonFactory, add_totp, verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    reason = ReasonFactory(bookable_by=BookableBy.EVERYONE)
    opening = make_opening(reason=reason, first_day=timezone.localdate() + dt.timedelta(days=2))
    return {"reason": reason, "opening": opening}


def _first_key(client, reason):
    page = client.get(reverse("appointments:slots", args=[reason.pk]))
    assert page.status_code == 200
    return page.context["days"][0]["slots"][0].key


def test_a_taken_slot_is_refused_and_others_offered(client, world):
    person = PersonFactory()
    client.force_login(person.user)
    key = _first_key(client, world["reason"])
    url = reverse("appointments:book", args=[world["reason"].pk])
    assert client.post(url, {"creneau": key}).status_code == 302
    other = PersonFactory()
    client.force_login(other.user)
    response = client.post(url, {"creneau": key})
    assert response.status_code == 400
    assert "être pris par quelqu" in response.content.decode()
    assert "Voir les autres créneaux libres" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_a_made_up_slot_is_refused_in_plain_french(client, world):
    person = PersonFactory()
    client.force_login(person.user)
    url = reverse("appointments:book", args=[world["reason"].pk])
    response = client.post(url, {"creneau": "nimporte"})
    assert "Aucun créneau choisi" in response.content.decode()
    past = f"{world['opening'].agent_id}-{int((timezone.now() - dt.timedelta(days=1)).timestamp())}"
    assert "déjà passé" in client.post(url, {"creneau": past}).content.decode()
    assert not Appointment.objects.exists()


def test_a_tampered_link_says_so(client):
    response = client.get(reverse("appointments:manage", args=["12:abc"]))
    assert response.status_code == 404
    assert "pas valable" in response.content.decode()


def test_helper_books_for_a_person_without_phone_or_email_with_a_warning(client, world):
    organisation = world["reason"].organisation
    helper = MembershipFactory(role=MemberRole.HELPER, organisation=organisation).user
    person = PersonFactory(user=None, first_name="Mohamed", last_name="Benali", email="", phone="")
    make_active_follow_up(organisation=organisation, person=person, helper=helper, categories=("*",))
    add_totp(helper)
    verified_login(client, helper)
    page = client.get(reverse("appointments:helper_reasons", args=[person.pk]))
    assert "ni téléphone mobile ni adresse électronique" in page.content.decode()
    slots = client.get(reverse("appointments:helper_slots", args=[person.pk, world["reason"].pk]))
    key = slots.context["days"][0]["slots"][0].key
    response = client.post(reverse("appointments:helper_book", args=[person.pk, world["reason"].pk]), {"creneau": key})
    assert response.status_code == 302
    appointment = Appointment.objects.get(person=person)
    assert appointment.booked_by == helper and appointment.booked_by_organisation == organisation
    file_page = client.get(reverse("persons:file", args=[person.pk]))
    assert world["reason"].name in file_page.content.decode()  # timeline and panel of the person file


def test_settings_forms_keep_the_answers_on_error(client, world):
    organisation = world["reason"].organisation
    agent = MembershipFactory(role=MemberRole.AGENT, organisation=organisation).user
    add_totp(agent)
    verified_login(client, agent)
    place = world["opening"].place
    response = client.post(
        reverse("appointments:opening_add"),
        {
            "place": place.pk,
            "reasons": [world["reason"].pk],
            "first_day": "2027-03-02",
            "start_time": "12:00",
            "end_time": "09:00",
            "recurrence": "weekly",
        },
    )
    assert response.status_code == 200
    assert "heure de fin doit être après" in response.content.decode()
    assert 'value="2027-03-02"' in response.content.decode()
    response = client.post(
        reverse("appointments:opening_add"),
        {
            "place": place.pk,
            "reasons": [world["reason"].pk],
            "first_day": "2027-03-02",
            "start_time": "09:00",
            "end_time": "12:00",
            "recurrence": "biweekly",
            "until": "2027-06-30",
        },
    )
    assert response.status_code == 302
    assert OpeningSlot.objects.filter(agent=agent, recurrence="biweekly").exists()


def test_manager_adds_a_sensitive_collective_reason(client, world):
    organisation = world["reason"].organisation
    manager = MembershipFactory(role=MemberRole.MANAGER, organisation=organisation).user
    add_totp(manager)
    verified_login(client, manager)
    data = {
        "name": "Groupe de parole",
        "duration_minutes": 60,
        "location": "desk",
        "bookable_by": "everyone",
        "min_delay_minutes": 30,
        "max_delay_days": 60,
        "hidden_in_messages": "on",
        "is_collective": "on",
        "capacity": 1,
    }
    response = client.post(reverse("appointments:reasons"), data)
    assert "au moins 2 places" in response.content.decode()
    data["capacity"] = 8
    assert client.post(reverse("appointments:reasons"), data).status_code == 302
    reason = Reason.objects.get(name="Groupe de parole")
    assert reason.hidden_in_messages and reason.seats == 8


def test_the_link_page_shows_the_appointment(client, world):
    from relais.appointments import services

    person = PersonFactory()
    slot = services.slots.first_free(reason=world["reason"])
    appointment = services.appointment_book(
        actor=None, person=person, reason=world["reason"], agent_id=slot.agent_id, starts_at=slot.starts_at
    )
    page = client.get(links.manage_path(appointment))
    assert "Annuler ce rendez-vous" in page.content.decode()
    ics = client.get(reverse("appointments:ics", args=[links.token_for(appointment)]))
    assert ics["Content-Type"].startswith("text/calendar")


def test_the_slots_are_links_only_for_those_who_may_book_them(client, world):
    """A professional, or a person when the reason is booked through a professional, sees the times and
    why they cannot book here, never a link to a page that would refuse them."""
    book_url = reverse("appointments:book", args=[world["reason"].pk])
    slots_url = reverse("appointments:slots", args=[world["reason"].pk])
    assert book_url in client.get(slots_url).content.decode()  # anonymous: the link leads to sign-in
    person = PersonFactory()
    client.force_login(person.user)
    assert book_url in client.get(slots_url).content.decode()
    agent = MembershipFactory(role=MemberRole.AGENT).user
    add_totp(agent)
    verified_login(client, agent)
    page = client.get(slots_url).content.decode()
    assert book_url not in page and "ouvrez son dossier" in page
    assert client.get(slots_url).context["days"][0]["slots"]  # the times are still shown
    world["reason"].bookable_by = BookableBy.PROFESSIONALS
    world["reason"].save()
    client.force_login(person.user)
    page = client.get(slots_url).content.decode()
    assert book_url not in page and "Ce motif se réserve avec un professionnel" in page


def test_the_root_of_appointments_sends_each_user_to_their_own_page(client, world):
    assert client.get("/rendez-vous/")["Location"].startswith(reverse("accounts:login"))
    agent = world["opening"].agent
    add_totp(agent)
    verified_login(client, agent)
    assert client.get("/rendez-vous/")["Location"] == reverse("appointments:day")
    client.logout()
    client.force_login(PersonFactory().user)
    assert client.get("/rendez-vous/")["Location"] == reverse("appointments:mine")


def test_a_manager_sees_the_day_of_every_agent_and_a_helper_only_hers(client, world):
    from relais.appointments import services

    slot = services.slots.first_free(reason=world["reason"])
    person = PersonFactory(first_name="Inès", last_name="Bouaziz")
    services.appointment_book(
        actor=None, person=person, reason=world["reason"], agent_id=slot.agent_id, starts_at=slot.starts_at
    )
    day = timezone.localtime(slot.starts_at).date().isoformat()
    organisation = world["reason"].organisation
    manager = MembershipFactory(role=MemberRole.MANAGER, organisation=organisation).user
    add_totp(manager)
    verified_login(client, manager)
    own = client.get(reverse("appointments:day"), {"date": day}).content.decode()
    assert "Inès Bouaziz" not in own and "Tous les rendez-vous de la structure" in own
    team = client.get(reverse("appointments:day"), {"date": day, "vue": "structure"}).content.decode()
    assert "Inès Bouaziz" in team and "Reçu par" in team
    client.logout()
    helper = MembershipFactory(role=MemberRole.HELPER, organisation=organisation).user
    add_totp(helper)
    verified_login(client, helper)
    refused = client.get(reverse("appointments:day"), {"date": day, "vue": "structure"}).content.decode()
    assert "Inès Bouaziz" not in refused and "Tous les rendez-vous de la structure" not in refused
