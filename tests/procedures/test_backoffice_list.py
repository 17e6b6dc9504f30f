"""The back-office list: keyset page links (no OFFSET deep in the list), local days as index ranges,
and one journal entry per page naming persons."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.accounts.models import Person
from relais.journal.models import Entry
from relais.procedures import selectors
from relais.procedures.models import Dossier, DossierState
from tests.factories import verified_login
from tests.procedures.factories import agent_of, make_procedure

pytestmark = pytest.mark.django_db


def _dossiers(procedure, count: int, *, start=None, step=dt.timedelta(minutes=7)) -> list[Dossier]:
    people = Person.objects.bulk_create([Person(first_name=f"P{i}", last_name="Liste") for i in range(count)])
    start = start or timezone.now()
    return Dossier.objects.bulk_create(
        [
            Dossier(
                procedure=procedure,
                version=procedure.current_version,
                person=person,
                state=DossierState.SUBMITTED,
                # two dossiers share each instant: the cursor must break ties by id
                submitted_at=start - step * (index // 2),
            )
            for index, person in enumerate(people)
        ]
    )


def _ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r"/instruction/dossiers/(\d+)/", response.content.decode())]


def _link(response, label: str) -> str:
    match = re.search(r'href="(\?[^"]*)">' + re.escape(label), response.content.decode())
    return match.group(1).replace("&amp;", "&") if match else ""


def test_next_and_previous_links_walk_the_whole_list_without_offset(client):
    procedure = make_procedure()
    agent = agent_of(procedure.organisation)
    verified_login(client, agent)
    _dossiers(procedure, 123)
    expected = list(
        selectors.backoffice_dossiers(procedure=procedure, me=agent).values_list("id", flat=True)
    )  # newest first, ties by id
    url = reverse("procedures:backoffice_list", args=[procedure.pk])
    response = client.get(url)
    seen, pages = _ids(response), [_ids(response)]
    while link := _link(response, "Page suivante"):
        assert "apres=" in link
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url + link)
        assert not [q["sql"] for q in captured.captured_queries if "OFFSET" in q["sql"].upper()]
        pages.append(_ids(response))
        seen += pages[-1]
    assert seen == expected and [len(p) for p in pages] == [50, 50, 23]
    assert "Page 3 sur 3" in response.content.decode()
    back = client.get(url + _link(response, "Page précédente"))
    assert _ids(back) == pages[1] and "Page 2 sur 3" in back.content.decode()
    first = client.get(url + _link(back, "Page précédente"))
    assert _ids(first) == pages[0]
    # a page number typed by hand still works (read with an offset)
    assert _ids(client.get(url + "?page=2")) == pages[1]
    assert _ids(client.get(url + "?page=2&apres=n_importe")) == pages[1]


def test_day_filters_are_local_days_read_as_ranges():
    procedure = make_procedure()
    paris = timezone.get_current_timezone()
    late_evening = dt.datetime(2026, 3, 10, 23, 30, tzinfo=paris)  # 22:30 UTC: still 10 March in Paris
    early_morning = dt.datetime(2026, 3, 11, 0, 15, tzinfo=paris)
    late, early = _dossiers(procedure, 1, start=late_evening) + _dossiers(procedure, 1, start=early_morning)

    def ids(**filters):
        qs = selectors.backoffice_dossiers(procedure=procedure, **filters)
        with CaptureQueriesContext(connection) as captured:
            result = set(qs.values_list("id", flat=True))
        sql = captured.captured_queries[0]["sql"].lower()
        assert "cast_date" not in sql and "at time zone" not in sql and "::date" not in sql  # index ranges
        return result

    assert ids(until=dt.date(2026, 3, 10)) == {late.pk}
    assert ids(since=dt.date(2026, 3, 11)) == {early.pk}
    assert ids(since=dt.date(2026, 3, 10), until=dt.date(2026, 3, 11)) == {late.pk, early.pk}


def test_a_page_of_names_is_journaled_once_with_the_persons_listed(client):
    procedure = make_procedure()
    agent = agent_of(procedure.organisation)
    verified_login(client, agent)
    url = reverse("procedures:backoffice_list", args=[procedure.pk])
    client.get(url)
    assert not Entry.objects.filter(action="dossier.read.list").exists()  # nobody named
    dossiers = _dossiers(procedure, 3)
    client.get(url)
    entry = Entry.objects.get(action="dossier.read.list")
    assert entry.actor_id == agent.pk and entry.organisation_id == procedure.organisation_id
    assert entry.details["count"] == 3
    assert sorted(entry.details["persons"]) == sorted(d.person_id for d in dossiers)
