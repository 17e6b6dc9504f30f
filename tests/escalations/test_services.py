"""Escalations: opening (grant required and recorded), the thread and its derived status, internal notes,
invitations, « wrong team », closing, concurrent answers, the agent's scope."""

import pytest
from django.core.exceptions import ValidationError

from relais import policy
from relais.escalations import selectors, services
from relais.escalations.identifiers import nir_key
from relais.escalations.models import Category, Escalation, Invitation, Kind, Message, Status
from relais.escalations.states import TransitionError, derive_status
from relais.journal.models import Entry
from tests.escalations.factories import agent_of, open_escalation, team, with_membership, world
from tests.factories import OrganisationFactory, PersonFactory
from tests.mandates.factories import helper_of

pytestmark = pytest.mark.django_db
BODY = "1841276451089"


def test_opening_records_the_grant_routes_and_journals():
    w = world()
    escalation = open_escalation(w)
    assert escalation.status == Status.NEW
    assert escalation.grant_source == "mandate" and "Logement" in escalation.grant_label
    assert escalation.administration == w["team"].organisation
    assert Invitation.objects.filter(escalation=escalation, team=w["team"], active=True).exists()
    assert Entry.objects.filter(action="escalation.opened", person_id=w["camille"].pk).count() == 1
    assert services.teams_for(commune=w["camille"].commune, category=Category.LOGEMENT) == [w["team"]]
    assert services.teams_for(commune=w["camille"].commune, category=Category.RETRAITE) == []


def test_a_team_covering_the_commune_comes_before_one_covering_the_departement():
    w = world()
    local = team(name="Antenne Vénissieux", organisation=w["team"].organisation, communes=[w["camille"].commune])
    assert services.teams_for(commune=w["camille"].commune, category=Category.LOGEMENT)[0] == local


def test_without_mandate_or_follow_up_it_is_refused_with_the_reason():
    w = world()
    stranger = PersonFactory(first_name="Sans", last_name="Mandat")
    with pytest.raises(policy.Refused) as refused:
        open_escalation(w, person=stranger)
    assert "mandat" in refused.value.message.lower()
    assert not Escalation.objects.exists()


def test_a_mandate_outside_the_category_is_refused():
    w = world()
    w["team"].categories = [Category.LOGEMENT, Category.IMPOTS_ARGENT]
    w["team"].save()
    with pytest.raises(policy.Refused) as refused:
        open_escalation(w, category=Category.IMPOTS_ARGENT)
    assert "ne couvre pas" in refused.value.message


def test_bad_identifiers_are_refused_in_plain_french():
    w = world()
    with pytest.raises(ValidationError) as error:
        open_escalation(w, identifiers={"nir": f"{BODY}{(nir_key(BODY) % 97) + 1:02d}"})  # a wrong key
    assert "clé" in str(error.value)
    assert not Escalation.objects.exists()


def test_status_is_derived_from_the_thread():
    w = world()
    escalation = open_escalation(w)
    services.escalation_answer(escalation=escalation, actor=w["helper"], text="Précision : bail joint.")
    escalation.refresh_from_db()
    assert escalation.status == Status.NEW  # only the helper wrote
    services.escalation_note(escalation=escalation, actor=w["agent"], text="Dossier vu au back-office.")
    escalation.refresh_from_db()
    assert escalation.status == Status.IN_PROGRESS and escalation.first_answer_at is None  # a note is no answer
    services.escalation_answer(escalation=escalation, actor=w["agent"], text="Nous regardons.")
    services.escalation_mark_processed(escalation=escalation, actor=w["agent"], text="Aide rétablie.")
    escalation.refresh_from_db()
    assert escalation.status == Status.PROCESSED and escalation.first_answer_hours is not None
    services.escalation_answer(escalation=escalation, actor=w["helper"], text="Merci, une dernière question.")
    escalation.refresh_from_db()
    assert escalation.status == Status.PROCESSED  # the helper's answer does not reopen it
    services.escalation_answer(escalation=escalation, actor=w["agent"], text="Oui ?")
    escalation.refresh_from_db()
    assert escalation.status == Status.IN_PROGRESS
    services.escalation_close(escalation=escalation, actor=w["helper"], useful="yes", outcome="L'APL est versée.")
    escalation.refresh_from_db()
    assert escalation.status == Status.CLOSED == derive_status(escalation)
    with pytest.raises(policy.Refused):
        services.escalation_answer(escalation=escalation, actor=w["agent"], text="Encore ?")


def test_the_transition_table_refuses_a_step_after_closing():
    w = world()
    escalation = open_escalation(w)
    services.escalation_close(escalation=escalation, actor=w["helper"], useful="unknown", outcome="")
    from relais.escalations.models import Side
    from relais.escalations.states import escalation_post

    with pytest.raises(TransitionError):
        escalation_post(escalation, kind=Kind.ANSWER, side=Side.ADMINISTRATION, text="trop tard")


def test_internal_notes_are_hidden_from_the_helper_side():
    w = world()
    escalation = open_escalation(w)
    services.escalation_note(escalation=escalation, actor=w["agent"], text="Note interne secrète")
    helper_view = selectors.thread(escalation=escalation, administration_side=False)
    agent_view = selectors.thread(escalation=escalation, administration_side=True)
    assert all(step.kind != Kind.NOTE for step in helper_view)
    assert any(step.text == "Note interne secrète" for step in agent_view)
    with pytest.raises(policy.Refused):
        services.escalation_note(escalation=escalation, actor=w["helper"], text="Je ne peux pas")


def test_an_uninvited_team_sees_nothing_and_an_invited_one_does():
    w = world()
    escalation = open_escalation(w)
    cpam = team(name="CPAM partenaires", organisation=OrganisationFactory(name="CPAM du Rhône"))
    outsider = agent_of(cpam)
    assert selectors.escalation_for(user=outsider, escalation_id=escalation.pk) is None
    assert selectors.inbox(user=outsider) == []
    services.escalation_invite(escalation=escalation, actor=w["agent"], team=cpam)
    assert selectors.escalation_for(user=outsider, escalation_id=escalation.pk) is not None
    assert [e.pk for e in selectors.inbox(user=outsider)] == [escalation.pk]


def test_wrong_team_hands_over_and_the_first_team_leaves():
    w = world()
    escalation = open_escalation(w)
    right = team(name="Service contentieux", organisation=w["team"].organisation)
    other_agent = agent_of(right)
    services.escalation_hand_over(escalation=escalation, actor=w["agent"], team=right, text="")
    escalation.refresh_from_db()
    assert escalation.team == right
    assert selectors.escalation_for(user=w["agent"], escalation_id=escalation.pk) is None
    assert selectors.escalation_for(user=other_agent, escalation_id=escalation.pk) is not None


def test_two_answers_at_once_are_both_kept():
    w = world()
    escalation = open_escalation(w)
    stale = Escalation.objects.get(pk=escalation.pk)  # both writers start from the same row
    services.escalation_answer(escalation=stale, actor=w["agent"], text="Réponse A")
    services.escalation_answer(escalation=stale, actor=w["helper"], text="Réponse B")
    texts = list(Message.objects.filter(escalation=escalation, kind=Kind.ANSWER).values_list("text", flat=True))
    assert texts == ["Réponse A", "Réponse B"]
    escalation.refresh_from_db()
    assert escalation.status == Status.IN_PROGRESS


def test_closing_asks_usefulness_and_tells_the_person(django_capture_on_commit_callbacks):
    from relais.notifications.models import Notification

    w = world()
    escalation = open_escalation(w)
    with pytest.raises(ValidationError):
        services.escalation_close(escalation=escalation, actor=w["helper"], useful="maybe", outcome="")
    with django_capture_on_commit_callbacks(execute=True):
        services.escalation_close(escalation=escalation, actor=w["helper"], useful="yes", outcome="APL versée")
    told = Notification.objects.get(key=f"escalation-{escalation.pk}-closed-person")
    assert told.person == w["camille"] and "France Services Vénissieux" in told.body


def test_an_agent_cannot_close_and_another_helper_organisation_cannot_see():
    w = world()
    escalation = open_escalation(w)
    with pytest.raises(policy.Refused):
        services.escalation_close(escalation=escalation, actor=w["agent"], useful="yes", outcome="")
    other = with_membership(helper_of(OrganisationFactory()))
    assert selectors.escalation_for(user=other, escalation_id=escalation.pk) is None


def test_seen_marks_drive_the_new_answer_badge():
    w = world()
    escalation = open_escalation(w)
    services.escalation_answer(escalation=escalation, actor=w["agent"], text="Réponse")
    assert selectors.inbox(user=w["helper"])[0].has_news
    services.escalation_seen(escalation=escalation, user=w["helper"])
    assert not selectors.inbox(user=w["helper"])[0].has_news


def test_the_teams_shared_address_hears_of_a_new_escalation_and_of_the_helpers_messages(
    django_capture_on_commit_callbacks,
):
    from relais.notifications.models import Delivery

    w = world()
    with django_capture_on_commit_callbacks(execute=True):
        escalation = open_escalation(w)
    with django_capture_on_commit_callbacks(execute=True):
        services.escalation_answer(escalation=escalation, actor=w["helper"], text="Précision : bail joint.")
    with django_capture_on_commit_callbacks(execute=True):
        services.escalation_answer(escalation=escalation, actor=w["agent"], text="Nous regardons.")
    to_team = Delivery.objects.filter(address="partenaires@caf-rhone.example.fr")
    assert to_team.count() == 2  # the opening and the helper's message, not the agent's answer
    assert {d.notification.event for d in to_team} == {"escalation_opened_team", "escalation_answer_team"}
    assert all(escalation.reference in d.notification.subject for d in to_team)
    assert "bail" not in " ".join(d.notification.body for d in to_team)  # the message's text stays in Relais
