"""`manage.py referrals_daily`: remind the services of referrals unanswered for 10 days, close those unanswered
for 30 days (REFERRALS_REMIND_AFTER_DAYS, REFERRALS_EXPIRE_AFTER_DAYS). Run it once a day."""

from django.core.management.base import BaseCommand

from relais.referrals.services import referrals_daily


class Command(BaseCommand):
    help = (
        "Relance les services qui n'ont pas répondu à une orientation depuis 10 jours "
        "et clôt celles sans réponse depuis 30 jours."
    )

    def handle(self, *args, **options):
        result = referrals_daily()
        self.stdout.write(
            f"{result['reminded']} rappel(s) envoyé(s), {result['expired']} orientation(s) close(s) sans réponse."
        )
