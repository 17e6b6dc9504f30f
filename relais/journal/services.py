"""Writing to the journal: `journal_record` is the one function every module calls."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

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


@transaction.atomic(savepoint=False)
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
    previous hash is prepared before the lock is taken."""
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
