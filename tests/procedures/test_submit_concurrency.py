"""Concurrent submissions on PostgreSQL: the journal's hash chain stays one verifiable line.

The journal appends each entry in one statement under the head row's lock (see
relais/journal/services.py); this checks it with real concurrent transactions."""

import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from relais.journal.models import Entry
from relais.journal.selectors import journal_verify
from relais.procedures import services
from relais.procedures.models import Dossier, DossierState, DossierVersion, Transition
from tests.factories import PersonFactory
from tests.procedures.factories import make_procedure
from tests.procedures.test_services import fill

pytestmark = pytest.mark.django_db(transaction=True)

FIELDS = [{"key": "prenom", "type": "text", "label": "Votre prénom", "required": True}]
CLIENTS = 6


def test_concurrent_submissions_keep_the_journal_chain_whole():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    procedure = make_procedure(fields=FIELDS, slug="aide-concurrence")
    people = [PersonFactory() for _ in range(CLIENTS)]
    dossiers = [
        Dossier.objects.create(
            procedure=procedure, version=procedure.current_version, person=person, data={"prenom": f"P{i}"}
        )
        for i, person in enumerate(people)
    ]
    before = Entry.objects.count()
    barrier = threading.Barrier(CLIENTS)
    errors: list[BaseException] = []

    def submit(dossier, person):
        try:
            barrier.wait(timeout=30)
            services.dossier_submit(dossier=dossier, actor=person.user, revision=dossier.revision)
        except BaseException as exc:  # noqa: BLE001 — reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(d, p)) for d, p in zip(dossiers, people, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    result = journal_verify()
    assert result.ok, result.reason
    assert Entry.objects.count() == before + CLIENTS
    assert Entry.objects.filter(action="dossier.submit").count() == CLIENTS
    for dossier in dossiers:
        revision = dossier.revision
        dossier.refresh_from_db()
        assert dossier.state == DossierState.SUBMITTED
        assert dossier.revision == revision + 1  # written by the transition's single UPDATE
        assert DossierVersion.objects.filter(dossier=dossier).count() == 1
        assert Transition.objects.filter(dossier=dossier, to_state=DossierState.SUBMITTED).count() == 1


def test_submit_reads_the_dossier_once_under_lock(procedure, owner):
    """The transition reuses the row locked by dossier_submit (no second SELECT ... FOR UPDATE)."""
    dossier = fill(services.dossier_start(actor=owner.user, procedure=procedure), owner.user)
    dossier.refresh_from_db()
    revision = dossier.revision
    with CaptureQueriesContext(connection) as captured:
        services.dossier_submit(dossier=dossier, actor=owner.user, revision=dossier.revision)
    locked_reads = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "procedures_dossier"' in q["sql"] and "FOR UPDATE" in q["sql"]
    ]
    if connection.vendor == "postgresql":
        assert len(locked_reads) == 1
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED and dossier.revision == revision + 1
    assert journal_verify().ok
