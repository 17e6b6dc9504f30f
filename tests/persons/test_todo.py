"""To-do lists composed from the person file's registry: the person's home, the helper's worklist,
the counts in the navigation. Providers are registered for the test, as a domain would."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.accounts.models import Person
from relais.casefile import registry
from relais.casefile.registry import Grant, Pending, WaitingFor
from relais.journal.models import Entry
from relais.organisations.models import MemberRole
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory, add_totp, verified_login

NOW = timezone.now()


@pytest.fixture
def world(db):
    organisation = OrganisationFactory()
    helpers = []
    for _ in range(2):
        membership = MembershipFactory(organisation=organisation, role=MemberRole.HELPER)
        add_totp(membership.user)
        helpers.append(membership.user)
    user = UserFactory()
    followed = PersonFactory(user=user, first_name="Awa", last_name="Diallo")
    other = PersonFactory(first_name="Jean", last_name="Martin")
    quiet = PersonFactory(first_name="Rose", last_name="Petit")
    stranger = PersonFactory(first_name="Paul", last_name="Inconnu")
    holders = {followed.pk: helpers[0].pk, other.pk: helpers[1].pk, quiet.pk: helpers[0].pk}
    items = {
        followed.pk: [
            Pending(WaitingFor.PERSON, "Corriger le dossier RSA", NOW - dt.timedelta(days=2), "/demarches/dossiers/1/"),
            Pending(WaitingFor.ADMINISTRATION, "Dossier CSS en cours d'étude", NOW - dt.timedelta(days=9)),
        ],
        other.pk: [Pending(WaitingFor.HELPER, "Finir le dossier logement", NOW - dt.timedelta(days=20))],
        stranger.pk: [Pending(WaitingFor.PERSON, "Ne doit jamais apparaître", NOW - dt.timedelta(days=99))],
    }

    def grants(org, person):
        if org.pk == organisation.pk and person.pk in holders:
            return [Grant("test", "Suivi de test", frozenset({"social"}), by_user_id=holders[person.pk])]
        return []

    def relation(org):
        return Person.objects.filter(pk__in=list(holders) if org.pk == organisation.pk else []).values("pk")

    def pending(scope):
        return list(items.get(scope.person.pk, []))

    with (
        registry.provider_for_test("grant", "test", grants),
        registry.provider_for_test("relation", "test", relation),
        registry.provider_for_test("pending", "test", pending),
    ):
        yield {
            "organisation": organisation,
            "helpers": helpers,
            "followed": followed,
            "other": other,
            "quiet": quiet,
            "stranger": stranger,
            "user": user,
        }


def test_the_person_home_shows_what_to_do_and_what_others_do(client, world):
    client.force_login(world["user"])
    page = client.get(reverse("www:dashboard")).content.decode()
    todo, others = page.split("Ce que d'autres font pour vous")
    assert "Corriger le dossier RSA" in todo and 'href="/demarches/dossiers/1/"' in todo
    assert "Dossier CSS en cours d&#x27;étude" in others
    assert "Ne doit jamais apparaître" not in page


def test_a_person_with_nothing_to_do_is_told_so(client, db):
    user = UserFactory()
    PersonFactory(user=user)
    client.force_login(user)
    page = client.get(reverse("www:dashboard")).content.decode()
    assert "Rien à faire pour l'instant" in page


def test_the_worklist_lists_followed_persons_with_something_pending_oldest_first(client, world):
    verified_login(client, world["helpers"][0])
    page = client.get(reverse("persons:worklist")).content.decode()
    assert page.index("Jean Martin") < page.index("Awa Diallo")  # waiting 20 days before 9 days
    assert "Rose Petit" not in page  # followed, nothing pending
    assert "Paul Inconnu" not in page  # not followed by this organisation
    assert "attend l&#x27;aidant" in page and "2 personnes avec quelque chose en attente" in page
    entry = Entry.objects.filter(action="person.listed").latest("pk")
    assert entry.details["screen"] == "worklist"
    assert sorted(entry.details["persons"]) == sorted([world["followed"].pk, world["other"].pk])


def test_the_worklist_filters_by_helper_and_by_whom_it_waits_for(client, world):
    verified_login(client, world["helpers"][0])
    url = reverse("persons:worklist")
    by_helper = client.get(url, {"helper": world["helpers"][1].pk}).content.decode()
    assert "Jean Martin" in by_helper and "Awa Diallo" not in by_helper
    by_state = client.get(url, {"waiting": WaitingFor.ADMINISTRATION}).content.decode()
    assert "Awa Diallo" in by_state and "Jean Martin" not in by_state and "Corriger le dossier" not in by_state
    nobody = client.get(url, {"helper": world["helpers"][1].pk, "waiting": WaitingFor.PERSON}).content.decode()
    assert "Personne ne correspond à ce filtre." in nobody
    bad = client.get(url, {"helper": "abc"}).content.decode()
    assert "Ce filtre n'est pas valable" in bad and "Jean Martin" in bad


def test_the_navigation_counts_what_waits(client, world):
    verified_login(client, world["helpers"][0])
    page = client.get(reverse("www:home")).content.decode()
    assert '<span class="relais-nav__count" aria-hidden="true">2</span>' in page
    client.logout()
    client.force_login(world["user"])
    page = client.get(reverse("www:home")).content.decode()
    assert '<span class="relais-nav__count" aria-hidden="true">1</span>' in page


def test_a_person_of_another_organisation_never_gets_in_the_worklist(client, world):
    outsider = MembershipFactory(role=MemberRole.HELPER)
    add_totp(outsider.user)
    verified_login(client, outsider.user)
    page = client.get(reverse("persons:worklist")).content.decode()
    assert "Awa Diallo" not in page and "Jean Martin" not in page
    assert "Rien n'attend pour l'instant" in page


def test_with_the_domains_providers_a_dossier_to_correct_reaches_both_lists(client, db):
    """No fake provider: the procedures domain's pending items reach the person's home and the worklist,
    within the mandate's categories only."""
    from relais.procedures import services as procedure_services
    from relais.procedures.models import Dossier, DossierState
    from tests.mandates.factories import make_active_mandate
    from tests.procedures.factories import make_procedure

    organisation = OrganisationFactory()
    helper = MembershipFactory(organisation=organisation, role=MemberRole.HELPER).user
    add_totp(helper)
    user = UserFactory()
    person = PersonFactory(user=user, first_name="Nadia", last_name="Haddad")
    make_active_mandate(organisation=organisation, person=person, helper=helper, categories=("logement",))
    housing = procedure_services.dossier_start(actor=user, procedure=make_procedure(category="logement"))
    other = procedure_services.dossier_start(
        actor=user, procedure=make_procedure(slug="aide-sante", title="Aide santé", category="social")
    )
    Dossier.objects.filter(pk__in=[housing.pk, other.pk]).update(state=DossierState.CORRECTION_REQUESTED)

    client.force_login(user)
    home = client.get(reverse("www:dashboard")).content.decode()
    assert "Corriger le dossier" in home and "Aide de test" in home and "Aide santé" in home  # all, for herself
    client.logout()
    verified_login(client, helper)
    page = client.get(reverse("persons:worklist")).content.decode()
    assert "Nadia Haddad" in page and "Aide de test" in page
    assert "Aide santé" not in page  # the mandate does not cover that domain
