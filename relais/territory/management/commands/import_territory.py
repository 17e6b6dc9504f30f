"""python manage.py import_territory --from-dir ../shared/data/territory

Loads régions, départements, communes (decoupage-administratif CSV format) and INSEE legal
populations (DEPCOM;COM;PMUN;PCAP;PTOT). Idempotent upsert by INSEE code."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relais.territory.importing import FILE_NAMES, FileFormatError
from relais.territory.services import territory_import

MAX_BAD_ROWS_SHOWN = 50


class ProgressBar:
    """A bar redrawn in place on a terminal; a line every 10 % otherwise (logs, CI)."""

    width = 30

    def __init__(self, stream, *, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled
        self.tty = enabled and hasattr(stream, "isatty") and stream.isatty()
        self.stage = ""
        self.last_step = -1
        self.last_draw = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        if stage != self.stage:
            self.finish()
            self.stage, self.last_step = stage, -1
        ratio = min(done / total, 1.0)
        if self.tty:
            now = time.monotonic()
            if done < total and now - self.last_draw < 0.1:
                return
            self.last_draw = now
            filled = int(ratio * self.width)
            bar = "█" * filled + "░" * (self.width - filled)
            self.stream.write(f"\r{stage:<20} {bar} {ratio:4.0%} {done:>6}/{total}")
            self.stream.flush()
        else:
            step = int(ratio * 10)
            if step != self.last_step:
                self.last_step = step
                self.stream.write(f"{stage} : {ratio:.0%} ({done}/{total})\n")
                self.stream.flush()

    def finish(self) -> None:
        if self.tty and self.stage:
            self.stream.write("\n")
            self.stream.flush()
        self.stage = ""


class Command(BaseCommand):
    help = "Importe régions, départements, communes (format découpage administratif) et populations légales INSEE."

    def add_arguments(self, parser):
        parser.add_argument("--regions", help="CSV des régions (nom,code)")
        parser.add_argument("--departements", help="CSV des départements (nom,code,region_nom,region_code)")
        parser.add_argument(
            "--communes", help="CSV des communes (nom,code,codes_postaux,…,departement_code,longitude,latitude)"
        )
        parser.add_argument("--populations", help="CSV INSEE des populations légales (DEPCOM;COM;PMUN;PCAP;PTOT)")
        parser.add_argument(
            "--from-dir",
            help="dossier contenant " + ", ".join(FILE_NAMES.values()) + " (les fichiers présents sont importés)",
        )
        parser.add_argument("--no-progress", action="store_true", help="pas de barre de progression")

    def handle(self, *args, **options):
        paths: dict[str, Path | None] = {key: Path(options[key]) if options.get(key) else None for key in FILE_NAMES}
        if options.get("from_dir"):
            directory = Path(options["from_dir"])
            if not directory.is_dir():
                raise CommandError(f"{directory} n'est pas un dossier.")
            for key, file_name in FILE_NAMES.items():
                if paths[key] is None and (directory / file_name).exists():
                    paths[key] = directory / file_name
        if not any(paths.values()):
            raise CommandError(
                "Aucun fichier à importer : donnez --from-dir ou au moins un de --regions, --departements, "
                "--communes, --populations."
            )
        for key, path in paths.items():
            if path is not None and not path.is_file():
                raise CommandError(f"--{key} : fichier introuvable {path}")

        progress = ProgressBar(sys.stderr, enabled=not options["no_progress"])
        started = time.monotonic()
        try:
            report = territory_import(**paths, progress=progress)
        except FileFormatError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            progress.finish()
        elapsed = time.monotonic() - started

        out = self.stdout
        for label, counts in (
            ("Régions", report.regions),
            ("Départements", report.departements),
            ("Communes", report.communes),
            ("Populations", report.populations),
        ):
            if counts is not None:
                out.write(
                    f"{label} : {counts.created} créées, {counts.updated} mises à jour, {counts.unchanged} inchangées"
                )
        if paths["populations"]:
            out.write(
                f"Populations : {report.populations_joined} communes renseignées, "
                f"{report.populations_without_commune} codes sans commune correspondante"
            )
        if report.bad_rows:
            out.write(self.style.WARNING(f"{len(report.bad_rows)} ligne(s) en erreur, ignorée(s) :"))
            for bad in report.bad_rows[:MAX_BAD_ROWS_SHOWN]:
                out.write(f"  - {bad}")
            if len(report.bad_rows) > MAX_BAD_ROWS_SHOWN:
                out.write(f"  … et {len(report.bad_rows) - MAX_BAD_ROWS_SHOWN} autre(s).")
        else:
            out.write("Aucune ligne en erreur.")
        out.write(self.style.SUCCESS(f"Import terminé en {elapsed:.1f} s."))
