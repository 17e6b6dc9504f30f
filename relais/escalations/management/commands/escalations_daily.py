"""`manage.py escalations_daily`: automatic invitations, deadline warnings and digests (run once a day)."""

from django.core.management.base import BaseCommand

from relais.escalations.services import daily


class Command(BaseCommand):
    help = "Saisines : invitations automatiques, alertes de délai, résumés quotidiens."

    def handle(self, *args, **options):
        result = daily()
        self.stdout.write(
            f"invitations automatiques : {result['auto_invitations']}, "
            f"alertes de délai : {result['deadline_warnings']}, résumés : {result['digests']}"
        )
