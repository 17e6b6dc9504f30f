"""Apply the retention limits stated on the privacy page (run daily: cron or a timer)."""

from django.core.management.base import BaseCommand

from relais.documents.retention import documents_purge_expired
from relais.procedures.retention import dossiers_purge_expired


class Command(BaseCommand):
    help = "Supprime les données arrivées au bout de leur durée de conservation (brouillons, dossiers clos, documents expirés)."

    def handle(self, *args, **options):
        dossiers = dossiers_purge_expired()
        documents = documents_purge_expired()
        self.stdout.write(
            f"Brouillons supprimés : {dossiers['drafts']} ; dossiers clos supprimés : {dossiers['closed']} ; "
            f"documents expirés effacés : {documents}."
        )
