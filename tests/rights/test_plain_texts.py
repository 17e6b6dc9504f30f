"""Issue 20, item 4: the simulator's questions say what fits the person."""

import pytest
from django.urls import reverse

from relais.rights.catalogue import CATALOGUE
from relais.www.rights.forms import ReceivedForm, received_label
from relais.www.rights.steps import question_range
from relais.www.rights.views import STEPS, active_steps

pytestmark = pytest.mark.django_db


def _session(client, answers):
    client.post(reverse("rights:start"))
    session = client.session
    session["rights_answers"] = answers
    session.save()


@pytest.mark.parametrize(("ages", "asked"), [([32], False), ([32, 30], False), ([58], True), ([32, 61], True)])
def test_retirement_is_asked_only_from_55(ages, asked):
    answers = {"couple": len(ages) == 2, "adults": [{"age": age} for age in ages]}
    assert ("retraites" in active_steps(answers)) is asked
    assert "retraites" in active_steps({})  # age not known yet


def test_the_chomage_step_of_a_32_year_old_leads_to_other_incomes(client, commune_lyon):
    _session(client, {"couple": False, "adults": [{"age": 32}], "housing": "owner", "children": []})
    response = client.post(reverse("rights:step", kwargs={"name": "chomage"}), {"unemployment_0": "0"})
    assert response.url == reverse("rights:step", kwargs={"name": "changement"})


def test_the_start_page_counts_the_real_questions(client):
    html = client.get(reverse("rights:start")).content.decode()
    low, high = question_range()
    assert high == len(STEPS) and low < high
    assert f"De {low} à {high} questions selon votre situation" in html
    assert "dizaine" not in html


def test_a_negative_rent_is_not_about_income(client, commune_lyon):
    _session(client, {"couple": False, "adults": [{"age": 30}], "housing": "tenant", "children": []})
    html = client.post(reverse("rights:step", kwargs={"name": "loyer"}), {"rent": "-1"}).content.decode()
    assert "Un loyer ne peut pas être négatif. Écrivez 0 si vous ne payez pas de loyer." in html
    assert "rien touché" not in html


def test_benefits_already_received_explain_their_acronyms():
    assert str(received_label(CATALOGUE["asf"])) == (
        'Allocation de soutien familial (<abbr title="Allocation de soutien familial">ASF</abbr>)'
    )
    assert str(received_label(CATALOGUE["ppa"])) == "Prime d'activité"
    html = str(ReceivedForm(answers={}))
    assert '<abbr title="Allocation aux adultes handicapés">AAH</abbr>' in html
    assert "Revenu de solidarité active" in html
