"""The escalation screens through the test client: bad input answered in plain French with nothing lost, an
uninvited agent gets a 404, the person's own page shows what came back without internal notes."""

import pytest
from django.urls import reverse

from relais.escalations import services
from relais.escalations.models import Escalation, Message
from tests.escalations.factories import agent_of, open_escalation, team, world
from tests.factories import OrganisationFactory, verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


def test_a_wrong_nir_keeps_what_was_typed(client):
    w = world()
    verified_login(client, w["helper"])
    url = reverse("escalations:new", args=[w["camille"].pk])
    response = client.post(
        url,
        {
            "categorie": "logement",
            "team": w["team"].pk,
            "cause": "payment_suspended",
            "subject": "APL suspendue",
            "description": "Texte long de la situation",
            "nir": "184127645108900",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ne correspond pas à sa clé" in html and "Texte long de la situation" in html
    assert not Escalation.objects.exists()


def test_routing_proposes_the_team_of_the_commune(client):
    w = world()
    verified_login(client, w["helper"])
    response = client.get(reverse("escalations:new", args=[w["camille"].pk]) + "?categorie=logement")
    assert response.status_code == 200
    assert "Équipe partenaires (CAF du Rhône)" in response.content.decode()
    assert "Aides au logement et prestations familiales du Rhône." in response.content.decode()  # the public note


def test_an_uninvited_agent_gets_nothing(client):
    w = world()
    escalation = open_escalation(w)
    outsider = agent_of(team(name="Autre", organisation=OrganisationFactory(name="CPAM")))
    verified_login(client, outsider)
    assert client.get(reverse("escalations:detail", args=[escalation.pk])).status_code == 404
    assert client.post(reverse("escalations:answer", args=[escalation.pk]), {"text": "x"}).status_code == 404
    assert "Aide au logement suspendue" not in client.get(reverse("escalations:inbox")).content.decode()


def test_an_empty_answer_is_refused_and_nothing_is_posted(client):
    w = world()
    escalation = open_escalation(w)
    verified_login(client, w["agent"])
    response = client.post(reverse("escalations:answer", args=[escalation.pk]), {"text": "  "})
    assert response.status_code == 400
    assert "écrivez votre message" in response.content.decode().lower()
    assert Message.objects.filter(escalation=escalation).count() == 1  # the opening only


def test_the_person_sees_what_came_back_without_internal_notes(client):
    w = world()
    escalation = open_escalation(w)
    services.escalation_note(escalation=escalation, actor=w["agent"], text="Note interne à ne pas montrer")
    services.escalation_answer(escalation=escalation, actor=w["agent"], text="Le versement reprend en avril.")
    client.force_login(w["camille"].user)
    html = client.get(reverse("escalations:mine")).content.decode()
    assert "France Services Vénissieux a écrit à CAF du Rhône" in html
    assert "Le versement reprend en avril." in html and "Note interne" not in html
    dashboard = client.get(reverse("www:dashboard")).content.decode()
    assert "de débloquer votre situation" in dashboard
