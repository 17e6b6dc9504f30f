"""python manage.py import_directory --format {data-inclusion,lieux-mediation-numerique,france-services} PATH"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relais.directory.importers import FORMATS, import_file


def count_rows(fmt: str, path: Path) -> int | None:
    try:
        if fmt == "france-services":
            with path.open(encoding="utf-8-sig") as handle:
                return max(0, sum(1 for _ in handle) - 1)
        if path.is_file() and path.suffix == ".json":
            import json

            data = json.loads(path.read_text(encoding="utf-8"))
            return len(data) if isinstance(data, list) else len(data.get("structures") or [])
    except (OSError, ValueError):
        return None
    return None


class Command(BaseCommand):
    help = "Importe des lieux et services (mises à jour idempotentes par source et identifiant)."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("path")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, fmt, path, no_progress=False, **options):
        path = Path(path)
        if not path.exists():
            raise CommandError(f"Fichier introuvable : {path}")
        total = count_rows(fmt, path)
        started = time.monotonic()
        show = not no_progress and options.get("verbosity", 1) > 0

        def progress(done: int) -> None:
            if not show:
                return
            if total:
                filled = int(30 * min(done, total) / total)
                sys.stderr.write(f"\r[{'#' * filled}{' ' * (30 - filled)}] {done}/{total}")
            else:
                sys.stderr.write(f"\r{done} lignes")
            sys.stderr.flush()

        try:
            report = import_file(fmt=fmt, path=path, progress=progress)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if show:
            sys.stderr.write("\n")
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"Durée : {time.monotonic() - started:.1f} s")
