"""The safe person search (relais/casefile/search.py): tolerant names, identifiers, scope, ranking, paging."""

from __future__ import annotations

import datetime as dt

import pytest

from relais.accounts.models import PersonSearchKey
from relais.accounts.search_keys import edit_distance, phonetic, words
from relais.accounts.services import account_delete
from relais.casefile import search
from relais.casefile.search import Criteria, persons_search
from relais.journal.models import Entry
from relais.mandates import services
from tests.factories import CommuneFactory, OrganisationFactory, PersonFactory
from tests.mandates.factories import helper_of, make_active_mandate

pytestmark = pytest.mark.django_db


def _record(organisation, first_name, last_name, birth_date=dt.date(1980, 5, 4), **extra):
    person = PersonFactory(
        user=None,
        first_name=first_name,
        last_name=last_name,
        email="",
        birth_date=birth_date,
        created_by_organisation=organisation,
        **extra,
    )
    return person


def _names(outcome):
    return [str(result.person) for result in outcome.results]


def _find(organisation, text="", **criteria):
    return persons_search(organisation=organisation, criteria=Criteria(text=text, **criteria))


@pytest.fixture
def org():
    return OrganisationFactory()


def test_keys_fold_accents_and_sound_alike():
    assert words("Le Gall-Bénali") == ["le", "gall", "benali"]
    assert phonetic("Benaly") == phonetic("Bénali") == phonetic("benali")
    assert phonetic("Philippe") == phonetic("Filipe")
    assert edit_distance("benali", "benaly") == 1
    assert edit_distance("mohamed", "mohammed") == 1
    assert edit_distance("benail", "benali") == 1  # swapped letters count once


@pytest.mark.parametrize("typed", ["Benali", "bénali", "BENALY", "Benalli", "Bnali", "Bemali", "Benaki Mohamed"])
def test_name_is_found_whatever_the_accents_case_and_one_or_two_typos(org, typed):
    _record(org, "Mohamed", "Bénali")
    assert _names(_find(org, typed)) == ["Mohamed Bénali"]


@pytest.mark.parametrize("typed", ["Mohamed Benali", "benali mohamed", "MOHAMMED BENALI", "mohamed"])
def test_first_and_last_name_in_any_order(org, typed):
    _record(org, "Mohamed", "Benali")
    _record(org, "Karim", "Benali")
    assert "Mohamed Benali" in _names(_find(org, typed))
    if "mohamed" in typed.lower() and "benali" in typed.lower():
        assert _names(_find(org, typed)) == ["Mohamed Benali"]


def test_an_unrelated_name_is_not_found(org):
    _record(org, "Mohamed", "Benali")
    assert _names(_find(org, "Dupont")) == []
    assert _names(_find(org, "Mohamed Dupont")) == []  # every typed word must match


def test_birth_name_finds_the_person(org):
    _record(org, "Claire", "Martin", birth_name="Lefèvre")
    assert _names(_find(org, "claire lefevre")) == ["Claire Martin"]


def test_birth_date_typed_in_the_box_or_apart_ranks_its_homonym_first(org):
    _record(org, "Mohamed", "Benali", birth_date=dt.date(1970, 1, 2))
    _record(org, "Mohamed", "Benali", birth_date=dt.date(1985, 11, 30))
    outcome = _find(org, "Benali 30/11/1985")
    assert [r.person.birth_date for r in outcome.results] == [dt.date(1985, 11, 30), dt.date(1970, 1, 2)]
    assert outcome.results[0].birth_date_matches and not outcome.results[1].birth_date_matches
    apart = _find(org, "Benali", birth_date=dt.date(1970, 1, 2))
    assert apart.results[0].person.birth_date == dt.date(1970, 1, 2)
    alone = _find(org, "30/11/1985")
    assert [r.person.birth_date for r in alone.results] == [dt.date(1985, 11, 30)]


def test_commune_narrows_the_search(org):
    lyon, vienne = CommuneFactory(name="Lyon"), CommuneFactory(name="Vienne")
    _record(org, "Mohamed", "Benali", commune=lyon)
    _record(org, "Mohamed", "Benali", commune=vienne, birth_date=dt.date(1990, 1, 1))
    outcome = _find(org, "benali", commune_id=vienne.pk)
    assert [r.person.commune for r in outcome.results] == [vienne]
    assert [r.person.commune for r in _find(org, "", commune_id=lyon.pk).results] == [lyon]


@pytest.mark.parametrize("typed", ["06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78", "0033612345678"])
def test_phone_in_any_french_format(org, typed):
    _record(org, "Awa", "Diallo", phone="+33612345678")
    assert _names(_find(org, typed)) == ["Awa Diallo"]


def test_phone_alone_stays_in_the_organisation_but_phone_and_birth_date_reach_further(org):
    other = OrganisationFactory()
    _record(other, "Awa", "Diallo", phone="+33612345678", birth_date=dt.date(1991, 2, 3))
    assert _names(_find(org, "06 12 34 56 78")) == []
    outcome = _find(org, "06 12 34 56 78 03/02/1991")
    assert _names(outcome) == ["Awa Diallo"] and outcome.results[0].outside
    assert _names(_find(org, "06 12 34 56 78 04/02/1991")) == []


def test_claim_code_finds_the_record_even_from_another_organisation(org):
    other = OrganisationFactory()
    person, code = services.person_record_create(
        actor=helper_of(other),
        organisation=other,
        first_name="Yvette",
        last_name="Roux",
        birth_date=dt.date(1950, 1, 1),
        consent_given=True,
    )
    assert _names(_find(org, "Roux")) == []
    outcome = _find(org, code.lower())
    assert [r.person for r in outcome.results] == [person] and outcome.results[0].outside
    assert _names(_find(org, "AAAA-BBBB-CCCC")) == []


def test_exact_email_finds_a_person_with_an_account_outside_the_organisation(org):
    person = PersonFactory(first_name="Nina", last_name="Petit")
    assert _names(_find(org, "Petit")) == []
    outcome = _find(org, person.user.email.upper())
    assert [r.person for r in outcome.results] == [person] and outcome.results[0].outside


def test_persons_of_another_organisation_are_not_found_by_name(org):
    _record(OrganisationFactory(), "Mohamed", "Benali")
    assert _find(org, "Mohamed Benali").total == 0


def test_persons_with_a_mandate_are_found(org):
    person = PersonFactory(first_name="Lucie", last_name="Garnier")
    make_active_mandate(organisation=org, person=person)
    outcome = _find(org, "garnier")
    assert [r.person for r in outcome.results] == [person]
    assert outcome.results[0].last_contact is not None  # the mandate's journal entries


def test_erased_persons_are_never_found(org):
    person = PersonFactory(first_name="Léa", last_name="Fontaine", birth_date=dt.date(1999, 9, 9))
    make_active_mandate(organisation=org, person=person)
    assert _find(org, "fontaine").total == 1
    account_delete(user=person.user)
    assert not PersonSearchKey.objects.filter(person=person).exists()
    assert _find(org, "fontaine").total == 0
    assert _find(org, "09/09/1999").total == 0


def test_keys_follow_a_change_of_name(org):
    person = _record(org, "Jean", "Moreau")
    person.last_name = "Lambert"
    person.save()
    assert _names(_find(org, "lambert")) == ["Jean Lambert"]
    assert _find(org, "moreau").total == 0


def test_ranking_exact_then_prefix_then_typo(org):
    _record(org, "Paul", "Benaly")
    _record(org, "Paul", "Benalisse")
    _record(org, "Paul", "Benali")
    outcome = _find(org, "benali")
    assert _names(outcome) == ["Paul Benali", "Paul Benalisse", "Paul Benaly"]
    assert [r.match for r in outcome.results] == [search.EXACT, search.PREFIX, search.TYPO]


def test_nothing_is_cut_silently(org):
    for n in range(search.PAGE_SIZE + 5):
        _record(org, f"Prénom{n}", "Benali")
    first = _find(org, "benali")
    assert first.total == search.PAGE_SIZE + 5 and len(first.results) == search.PAGE_SIZE and first.pages == 2
    second = persons_search(organisation=org, criteria=Criteria(text="benali"), page=2)
    assert len(second.results) == 5 and second.shown_from == search.PAGE_SIZE + 1


def test_too_many_candidates_says_so(org, monkeypatch):
    monkeypatch.setattr(search, "MAX_CANDIDATES", 3)
    for n in range(5):
        _record(org, "Ali", "Benali" if n % 2 else "Benaly")
    outcome = _find(org, "benali")
    assert outcome.more
    assert {r.person.last_name for r in outcome.results} == {"Benali"}  # the exact ones are ranked


def test_search_record_journals_one_entry_with_the_found_persons(org):
    person = _record(org, "Mohamed", "Benali")
    user = helper_of(org)
    outcome = _find(org, "benali")
    before = Entry.objects.count()
    search.search_record(actor=user, organisation=org, outcome=outcome, screen="test")
    entry = Entry.objects.order_by("-id").first()
    assert Entry.objects.count() == before + 1
    assert entry.action == "person.searched" and entry.details["persons"] == [person.pk]
    assert entry.details["criteria"] == ["name"] and "benali" not in str(entry.details).lower()


def test_likely_duplicates_inside_and_outside(org):
    mine = _record(org, "Mohamed", "Benali", birth_date=dt.date(1980, 5, 4))
    _record(OrganisationFactory(), "Mohammed", "Bénali", birth_date=dt.date(1980, 5, 4))
    _record(org, "Mohamed", "Benali", birth_date=dt.date(1981, 5, 4))
    visible, elsewhere = search.likely_duplicates(
        organisation=org, first_name="Mohamed", last_name="Benaly", birth_date=dt.date(1980, 5, 4)
    )
    assert visible == [mine] and elsewhere == 1
    assert search.likely_duplicates(
        organisation=org, first_name="Karim", last_name="Durand", birth_date=dt.date(1980, 5, 4)
    ) == ([], 0)
