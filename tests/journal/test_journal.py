import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from relais.journal import actions
from relais.journal.models import Entry
from relais.journal.selectors import journal_verify
from relais.journal.services import journal_record
from relais.journal.triggers import drop_triggers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _test_actions():
    """The ad-hoc action these tests record, declared for their duration."""
    with actions.declared_for_test("dossier.view"):
        yield


def _fill(n=5, actor=None):
    return [
        journal_record(
            action="dossier.view",
            actor=actor,
            person=10 + i,
            object_type="procedures.dossier",
            object_id=i,
            details={"i": i, "note": "é"},
        )
        for i in range(n)
    ]


def test_chain_links_each_entry_to_the_previous_one(helper_user):
    entries = _fill(3, actor=helper_user)
    assert entries[0].prev_hash == "0" * 64
    assert entries[1].prev_hash == entries[0].hash
    assert entries[2].prev_hash == entries[1].hash
    assert entries[0].actor_id == helper_user.pk and entries[0].actor_label
    assert journal_verify().ok
    call_command("journal_verify")


@pytest.mark.parametrize("sql", ["UPDATE journal_entry SET action = 'x'", "DELETE FROM journal_entry"])
def test_database_refuses_update_and_delete(sql):
    _fill(2)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert Entry.objects.count() == 2


def test_orm_update_is_refused_too():
    entry = _fill(1)[0]
    entry.action = "forged"
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save()


def _drop_triggers():
    with connection.cursor() as cursor:
        drop_triggers(cursor, connection.vendor)


def test_altered_row_is_named_by_journal_verify():
    entries = _fill(6)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE journal_entry SET details = %s WHERE id = %s", ['{"i": 999}', entries[3].pk])
    result = journal_verify()
    assert not result.ok and result.broken_id == entries[3].pk
    with pytest.raises(CommandError, match=f"#{entries[3].pk}"):
        call_command("journal_verify")


def test_removed_row_breaks_the_chain_at_the_next_one():
    entries = _fill(5)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM journal_entry WHERE id = %s", [entries[2].pk])
    result = journal_verify()
    assert not result.ok and result.broken_id == entries[3].pk


def test_removed_last_row_is_detected_by_the_head():
    entries = _fill(4)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM journal_entry WHERE id = %s", [entries[-1].pk])
    result = journal_verify()
    assert not result.ok and result.broken_id == entries[-1].pk


def test_forged_hash_recomputed_for_one_row_still_breaks_the_next_link():
    from relais.journal.services import compute_hash

    entries = _fill(4)
    _drop_triggers()
    forged = Entry.objects.get(pk=entries[1].pk)
    forged.action = "dossier.delete"
    new_hash = compute_hash(forged)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE journal_entry SET action = %s, hash = %s WHERE id = %s", ["dossier.delete", new_hash, forged.pk]
        )
    result = journal_verify()
    assert not result.ok and result.broken_id == entries[2].pk


@pytest.mark.django_db(transaction=True)
def test_flush_still_works_with_append_only_triggers():
    """Transactional tests and demo resets flush the database; the triggers come back after."""
    _fill(2)
    call_command("flush", interactive=False, verbosity=0)
    assert Entry.objects.count() == 0
    _fill(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM journal_entry")
