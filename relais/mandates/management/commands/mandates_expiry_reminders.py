"""`manage.py mandates_expiry_reminders`: end overdue mandates, remind helpers of those ending soon."""

from django.core.management.base import BaseCommand

from relais.mandates.services import mandates_expire, mandates_expiry_reminders


class Command(BaseCommand):
    help = (
        "Passe en « expiré » les mandats arrivés à leur fin et prévient les aidants des mandats qui finissent bientôt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=15)

    def handle(self, *args, **options):
        expired = mandates_expire()
        reminded = mandates_expiry_reminders(days=options["days"])
        self.stdout.write(f"{expired} mandat(s) expiré(s), {reminded} rappel(s) envoyé(s).")
