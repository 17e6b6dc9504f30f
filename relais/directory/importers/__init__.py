"""Imports (data·inclusion v1 JSON/CSV, lieux de médiation numérique JSON, France Services CSV) and
the data·inclusion export.

Each format reader turns the file into `Record`s (one place and its services, with the line they
come from) or rejections. `upsert` writes records by batches keyed by (source, source id): new
rows are created, changed rows updated (a content hash tells), identical rows left alone. A batch
that fails is retried row by row, each in its own savepoint, so a bad row never stops or
half-writes the others.

Layout: `common` (records, report, helpers), `writing` (batched upserts), one module per
source format (`data_inclusion`, `mednum`, `france_services`); `upsert`, `read` and
`import_file` are here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from relais.directory.importers.common import (
    EXTENSION_KEY,
    FORMATS,
    CommuneIndex,
    Record,
    Rejection,
    Report,
    phone_e164,
)
from relais.directory.importers.data_inclusion import PLACE_EXTENSION_FIELDS, read_data_inclusion
from relais.directory.importers.duplicates import DuplicateIndex
from relais.directory.importers.france_services import FRANCE_SERVICES_THEMES, read_france_services
from relais.directory.importers.mednum import read_mednum
from relais.directory.importers.writing import _PLACE_INSERT, _SERVICE_INSERT, _insert, _write
from relais.journal.services import journal_record

__all__ = [
    "EXTENSION_KEY",
    "FORMATS",
    "FRANCE_SERVICES_THEMES",
    "PLACE_EXTENSION_FIELDS",
    "_PLACE_INSERT",
    "_SERVICE_INSERT",
    "CommuneIndex",
    "Record",
    "Rejection",
    "Report",
    "_insert",
    "_write",
    "import_file",
    "phone_e164",
    "read",
    "read_data_inclusion",
    "read_france_services",
    "read_mednum",
    "upsert",
]


def upsert(
    items: Iterable[Record | Rejection],
    *,
    report: Report | None = None,
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
    source_label: str = "",
    actor=None,
) -> Report:
    report = report or Report()
    now = timezone.now()
    communes = CommuneIndex()
    duplicates = DuplicateIndex()
    pending: list[Record] = []
    seen: set[tuple[str, str]] = set()
    done = 0

    def flush():
        nonlocal done
        if not pending:
            return
        try:
            with transaction.atomic():
                snapshot = Report(
                    **{
                        k: getattr(report, k)
                        for k in (
                            "created",
                            "updated",
                            "unchanged",
                            "merged",
                            "services_created",
                            "services_updated",
                            "services_unchanged",
                        )
                    }
                )
                _write(pending, report, now=now, source_label=source_label)
        except Exception:  # noqa: BLE001 — retried row by row below, each failure reported
            for key in (
                "created",
                "updated",
                "unchanged",
                "merged",
                "services_created",
                "services_updated",
                "services_unchanged",
            ):
                setattr(report, key, getattr(snapshot, key))
            for record in pending:
                try:
                    with transaction.atomic():
                        _write([record], report, now=now, source_label=source_label)
                except Exception as exc:  # noqa: BLE001
                    report.rejected.append(Rejection(record.line, f"écriture impossible : {exc}"[:300]))
        done += len(pending)
        pending.clear()
        if progress:
            progress(done)

    for item in items:
        if isinstance(item, Rejection):
            report.rejected.append(item)
            done += 1
            continue
        error = communes.complete(item.place, item.line, report)
        if error:
            report.rejected.append(Rejection(item.line, error))
            done += 1
            continue
        key = (item.place["source"], item.place["source_id"])
        if key in seen:
            report.rejected.append(Rejection(item.line, f"identifiant en double dans le fichier : {key[1]}"))
            continue
        seen.add(key)
        if key in duplicates.aliases:  # merged into another place by an earlier import
            item.place["_merge"] = (duplicates.aliases[key], "")
        elif key not in duplicates.keys:
            if found := duplicates.match(item.place):
                item.place["_merge"] = found
            else:
                duplicates.add_record(item.place)
        pending.append(item)
        if len(pending) >= batch:
            flush()
    flush()
    journal_record(
        action="directory.import",
        actor=actor,
        details={
            "source": source_label,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "merged": report.merged,
            "rejected": len(report.rejected),
        },
    )
    return report


def read(fmt: str, path: Path, report: Report) -> Iterator[Record | Rejection]:
    if fmt == "data-inclusion":
        return read_data_inclusion(path, report)
    if fmt == "lieux-mediation-numerique":
        return read_mednum(path, report)
    if fmt == "france-services":
        return read_france_services(path, report)
    raise ValueError(f"format inconnu : {fmt} (formats : {', '.join(FORMATS)})")


def import_file(*, fmt: str, path: Path, progress: Callable[[int], None] | None = None, actor=None) -> Report:
    report = Report()
    return upsert(
        read(fmt, Path(path), report),
        report=report,
        progress=progress,
        source_label=f"{fmt} {Path(path).name}",
        actor=actor,
    )
