"""python manage.py observatory_build [--data DIR]: recompute the observatory (index, coverage, flags,
maps) from the open-data files of DIR (default: OBSERVATORY_DATA_DIR or var/territory), with a progress
bar on stderr."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from relais.observatory.paths import default_data_dir
from relais.observatory.services import DataMissing, observatory_build


class ProgressBar:
    """A small text progress bar (tqdm is not a dependency): one line per step, redrawn in place."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.perf_counter()
        self.step = None

    def __call__(self, step: str, done: int, total: int) -> None:
        if step != self.step and self.step is not None:
            self.stream.write("\n")
        self.step = step
        share = done / total if total else 1.0
        filled = int(round(share * self.width))
        elapsed = time.perf_counter() - self.started
        self.stream.write(
            f"\r{step[:28]:<28} [{'#' * filled}{'.' * (self.width - filled)}] {share:4.0%} {elapsed:5.1f} s"
        )
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Recalcule l'observatoire territorial (indice de fragilité, couverture, signalements, cartes)."

    def add_arguments(self, parser):
        parser.add_argument("--data", default="", help="dossier des fichiers de données ouvertes")
        parser.add_argument("--quiet", action="store_true", help="sans barre de progression")

    def handle(self, *args, **options):
        directory = options["data"] or default_data_dir()
        bar = None if options["quiet"] else ProgressBar(getattr(self.stderr, "_out", sys.stderr))
        try:
            build = observatory_build(data_dir=directory, progress=bar or (lambda *a: None))
        except DataMissing as error:
            raise CommandError(error.message) from None
        finally:
            if bar:
                bar.close()
        self.stdout.write(f"{build.communes} communes, {build.places} lieux, {build.seconds} s ({build.data_dir})")
