"""Rebuild the daily aggregates of every review (the indicators read only them)."""

import time

from django.core.management.base import BaseCommand

from relais.feedback.aggregates import aggregates_rebuild


class Command(BaseCommand):
    help = "Recalcule les indicateurs des avis (agrégats par démarche et par jour)."

    def handle(self, *args, **options):
        start = time.perf_counter()
        rows = aggregates_rebuild()
        self.stdout.write(f"{rows} lignes d'agrégats recalculées en {time.perf_counter() - start:.2f} s.")
