"""`manage.py mandates_expiry_reminders`: end overdue mandates, remind the persons and the helpers of those
ending soon (once per mandate; the days default to the MANDATE_EXPIRY_REMINDER_DAYS setting)."""

from django.core.management.base import BaseCommand

from relais.mandates.services import mandates_expire, mandates_expiry_reminders


class Command(BaseCommand):
    help = (
        "Passe en « expiré » les mandats arrivés à leur fin et prévient les personnes et les aidants des mandats "
        "qui finissent bientôt (une seule fois par mandat)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, **options):
        expired = mandates_expire()
        reminded = mandates_expiry_reminders(days=options["days"])
        self.stdout.write(f"{expired} mandat(s) expiré(s), {reminded} rappel(s) envoyé(s).")
