"""Apply the retention limits stated on the privacy page (run daily: cron or a timer).

The purges themselves live in each domain's `retention.py`, registered in `relais.core.retention`."""

from django.core.management.base import BaseCommand

from relais.core.retention import run_purges


class Command(BaseCommand):
    help = (
        "Supprime les données arrivées au bout de leur durée de conservation "
        "(brouillons, dossiers clos, documents expirés)."
    )

    def handle(self, *args, **options):
        self.stdout.write(" ; ".join(run_purges()) + ".")
