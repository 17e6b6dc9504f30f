"""Writing to the journal: `journal_record` is the one function every module calls."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from relais.journal import actions
from relais.journal.models import Entry, Head

GENESIS = "0" * 64
_LOCK_KEY = 7_301_987_001  # PostgreSQL advisory lock key for the journal chain


def _canonical(entry: Entry) -> str:
    payload = {
        "at": entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "organisation_id": entry.organisation_id,
        "person_id": entry.person_id,
        "on_behalf_of_id": entry.on_behalf_of_id,
        "mandate_id": entry.mandate_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def compute_hash(entry: Entry) -> str:
    return hashlib.sha256(_canonical(entry).encode("utf-8")).hexdigest()


def _id(value: Any) -> int | None:
    if value is None:
        return None
    return value if isinstance(value, int) else value.pk


def journal_record(
    *,
    action: str,
    actor=None,
    organisation=None,
    person=None,
    on_behalf_of=None,
    mandate=None,
    obj=None,
    object_type: str = "",
    object_id: str | int = "",
    details: dict | None = None,
) -> Entry:
    """Append one entry. `actor` is a User, the others model instances or ids.

    The chain lock is held until the end of the caller's transaction: callers should journal as
    the LAST step of their transaction (everything expensive done before), so that concurrent
    writers wait only for the insert and the commit. Everything that does not depend on the
    previous hash is prepared before the lock is taken.

    `action` must be declared in a `journal_actions` module (`relais.journal.actions`): an
    undeclared action raises `actions.UndeclaredAction` (before any transaction is touched)."""
    actions.get(action)
    return _append(
        action=action,
        actor=actor,
        organisation=organisation,
        person=person,
        on_behalf_of=on_behalf_of,
        mandate=mandate,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )


@transaction.atomic(savepoint=False)
def _append(
    *, action: str, actor, organisation, person, on_behalf_of, mandate, obj, object_type, object_id, details
) -> Entry:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    # JSON round trip so the hash is computed over exactly what the database stores.
    clean_details = json.loads(json.dumps(details or {}, default=str))
    entry = Entry(
        actor_id=_id(actor),
        actor_label=(str(actor)[:200] if actor is not None and not isinstance(actor, int) else ""),
        organisation_id=_id(organisation),
        person_id=_id(person),
        on_behalf_of_id=_id(on_behalf_of),
        mandate_id=_id(mandate),
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        details=clean_details,
    )
    if connection.vendor == "postgresql" and _append_postgresql(entry):
        return entry
    # --- chain lock: held until the transaction ends (commit or rollback) ---
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
    head, _ = Head.objects.select_for_update().get_or_create(singleton=1)
    entry.at = timezone.now()  # taken under the lock: timestamps follow the chain order
    entry.prev_hash = head.last_hash
    entry.hash = compute_hash(entry)
    entry.save(force_insert=True)
    head.last_id = entry.pk
    head.last_hash = entry.hash
    head.count += 1
    head.save(update_fields=["last_id", "last_hash", "count"])
    return entry


_ENTRY_COLUMNS = (
    "at",
    "actor_id",
    "actor_label",
    "organisation_id",
    "person_id",
    "on_behalf_of_id",
    "mandate_id",
    "action",
    "object_type",
    "object_id",
    "details",
)
# One statement: lock the head row, insert the entry chained to the head's hash (sha256 of the
# canonical text computed by PostgreSQL: prefix || previous hash || suffix), move the head.
_PG_APPEND = (
    "WITH cur AS (SELECT last_hash FROM journal_head WHERE singleton = 1 FOR UPDATE), "
    'ins AS (INSERT INTO journal_entry ({columns}, "prev_hash", "hash") '
    "SELECT {values}, cur.last_hash, encode(sha256(convert_to(%s || cur.last_hash || %s, 'UTF8')), 'hex') FROM cur "
    "RETURNING id, prev_hash, hash) "
    "UPDATE journal_head SET last_id = ins.id, last_hash = ins.hash, count = journal_head.count + 1 "
    "FROM ins WHERE journal_head.singleton = 1 RETURNING ins.id, ins.prev_hash, ins.hash"
).format(
    columns=", ".join(f'"{c}"' for c in _ENTRY_COLUMNS),
    values=", ".join("%s::jsonb" if c == "details" else "%s" for c in _ENTRY_COLUMNS),
)
_PREV_HASH_TAIL = '"prev_hash":""}'


def _append_postgresql(entry: Entry) -> bool:
    """PostgreSQL: append the entry in ONE statement, so the chain lock (the head row, locked
    until the transaction ends) is taken by the transaction's last statement before COMMIT.

    The canonical text is built here with an empty previous hash and split around it; PostgreSQL
    joins the parts with the head's hash and computes the same sha256 as `compute_hash`. A
    concurrent writer waits on the head row and then reads the newest committed hash (READ
    COMMITTED re-reads a locked row), so the chain stays a single line. The result is checked
    against `compute_hash` before returning. Returns False when the head row does not exist yet
    (first entry): the caller then uses the general path."""
    entry.at = timezone.now()
    entry.prev_hash = ""
    canonical = _canonical(entry)
    if not canonical.endswith(_PREV_HASH_TAIL):  # the canonical form changed: use the general path
        return False
    prefix, suffix = canonical[: -len(_PREV_HASH_TAIL)] + '"prev_hash":"', '"}'
    values = [json.dumps(entry.details) if c == "details" else getattr(entry, c) for c in _ENTRY_COLUMNS]
    with connection.cursor() as cursor:
        cursor.execute(_PG_APPEND, [*values, prefix, suffix])
        row = cursor.fetchone()
    if row is None:
        return False
    entry.pk, entry.prev_hash, entry.hash = row
    if compute_hash(entry) != entry.hash:  # never expected: refuse to commit a broken chain
        raise RuntimeError("journal: hash computed by the database differs from compute_hash()")
    entry._state.adding = False
    entry._state.db = connection.alias
    return True
