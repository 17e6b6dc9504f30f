"""An organisation declares its teams (validated places, categories, members); answers posted at the same time
from two connections are all kept (PostgreSQL: real concurrency; SQLite serialises writers anyway)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from relais import policy
from relais.escalations import services
from relais.escalations.models import Kind, Message, Status, TeamMember
from relais.organisations.models import MemberRole
from tests.escalations.factories import open_escalation, with_membership, world
from tests.factories import CommuneFactory, DepartementFactory, OrganisationFactory
from tests.mandates.factories import helper_of


@pytest.mark.django_db
def test_a_manager_declares_a_team_with_places_categories_and_members():
    caf = OrganisationFactory(name="CAF du Rhône")
    manager = with_membership(helper_of(caf, role=MemberRole.MANAGER))
    agent = helper_of(caf, role=MemberRole.AGENT)
    DepartementFactory(code="69")
    commune = CommuneFactory(code="69123", name="Lyon")
    team = services.team_save(
        actor=manager,
        organisation=caf,
        name="Partenaires",
        categories=["logement"],
        departement_codes="69",
        commune_codes="69123",
        member_emails=agent.email,
        manager_emails=manager.email,
    )
    assert list(team.departements.values_list("code", flat=True)) == ["69"] and list(team.communes.all()) == [commune]
    assert set(TeamMember.objects.filter(team=team).values_list("user_id", "is_manager")) == {
        (agent.pk, False),
        (manager.pk, True),
    }
    with pytest.raises(ValidationError) as error:
        services.team_save(actor=manager, organisation=caf, name="X", categories=["logement"], departement_codes="999")
    assert "999" in str(error.value)
    with pytest.raises(ValidationError):
        services.team_save(
            actor=manager,
            organisation=caf,
            name="X",
            categories=["logement"],
            departement_codes="69",
            member_emails="inconnu@example.org",
        )
    with pytest.raises(policy.Refused):
        services.team_save(
            actor=with_membership(agent), organisation=caf, name="X", categories=["logement"], departement_codes="69"
        )


@pytest.mark.django_db(transaction=True)
def test_answers_posted_at_the_same_time_are_all_kept():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent writers need PostgreSQL (SQLite serialises them)")
    w = world()
    escalation = open_escalation(w)
    barrier = threading.Barrier(4)
    errors = []

    def answer(actor, text):
        try:
            barrier.wait()
            services.escalation_answer(escalation=escalation, actor=actor, text=text)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=answer, args=(actor, f"Réponse {n}"))
        for n, actor in enumerate([w["agent"], w["helper"], w["agent"], w["helper"]])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    texts = sorted(Message.objects.filter(escalation=escalation, kind=Kind.ANSWER).values_list("text", flat=True))
    assert texts == [f"Réponse {n}" for n in range(4)]
    escalation.refresh_from_db()
    assert escalation.status == Status.IN_PROGRESS
