"""Reading and verifying the journal."""

from __future__ import annotations

from dataclasses import dataclass

from relais.journal.models import Entry, Head
from relais.journal.services import GENESIS, compute_hash


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""


def journal_verify(*, batch_size: int = 2000) -> VerifyResult:
    """Recompute the hash chain; name the first entry whose content or link is wrong."""
    prev_hash = GENESIS
    checked = 0
    last_id = 0
    qs = Entry.objects.order_by("id")
    cursor_id = 0
    while True:
        batch = list(qs.filter(id__gt=cursor_id)[:batch_size])
        if not batch:
            break
        for entry in batch:
            if entry.prev_hash != prev_hash:
                return VerifyResult(False, checked, entry.pk, "previous entry missing or altered (chain broken)")
            if compute_hash(entry) != entry.hash:
                return VerifyResult(False, checked, entry.pk, "content altered (hash mismatch)")
            prev_hash = entry.hash
            last_id = entry.pk
            checked += 1
        cursor_id = batch[-1].pk
    head = Head.objects.filter(singleton=1).first()
    if head is not None and (head.last_hash != prev_hash or head.count != checked):
        return VerifyResult(False, checked, head.last_id, "latest entries removed (head does not match)")
    if head is None and checked:
        return VerifyResult(False, checked, last_id, "journal head missing")
    return VerifyResult(True, checked)


def entries_about_person(*, person_id: int):
    return Entry.objects.filter(person_id=person_id).order_by("-at")
