"""python manage.py directory_freshness_campaign : notify organisations whose places need checking."""

from django.core.management.base import BaseCommand

from relais.directory.services import freshness_campaign


class Command(BaseCommand):
    help = "Prévient les structures dont des fiches de lieux n'ont pas été vérifiées depuis 6 mois."

    def handle(self, *args, **options):
        counts = freshness_campaign()
        self.stdout.write(
            f"{counts['organisations']} structure(s) prévenue(s) pour {counts['places']} lieu(x) ; "
            f"{counts['notifications']} notification(s)."
        )
