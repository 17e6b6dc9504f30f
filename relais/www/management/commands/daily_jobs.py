"""`manage.py daily_jobs`: the expiries, reminders and automatic invitations due today.

Run it at least once a day (cron, a systemd timer, or `--every 3600`, which `serve` does). Every job
is idempotent: running it again, or on two machines at once, sends nothing twice."""

import time

from django.core.management.base import BaseCommand, CommandError

from relais.core.daily import registered_daily_jobs, run_daily_jobs


class Command(BaseCommand):
    help = (
        "Lance les tâches du jour : fins de mandats et de suivis, rappels, relances. "
        "Sans danger si lancé plusieurs fois."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", default="", help="ne lancer que cette tâche (voir --list)")
        parser.add_argument("--list", action="store_true", help="lister les tâches, sans les lancer")
        parser.add_argument(
            "--every",
            type=float,
            default=None,
            help="recommencer toutes les N secondes (jusqu'à Ctrl-C) au lieu d'une seule fois",
        )

    def handle(self, *args, only="", every=None, verbosity=1, **options):
        jobs = registered_daily_jobs()
        if options["list"]:
            for job in jobs:
                self.stdout.write(f"{job.name} : {job.description}")
            return
        if only and only not in {job.name for job in jobs}:
            names = ", ".join(job.name for job in jobs)
            raise CommandError(f"Aucune tâche ne s'appelle « {only} ». Tâches connues : {names}.")
        if every is not None and every <= 0:
            raise CommandError("--every doit être strictement positif.")
        while True:
            failed = 0
            for done in run_daily_jobs(only):
                if done.error:
                    failed += 1
                    self.stderr.write(f"{done.name} : échec ({done.error})")
                elif verbosity:
                    self.stdout.write(f"{done.name} : {done.result}")
            if every is None:
                if failed:
                    raise CommandError(f"{failed} tâche(s) en échec : voir ci-dessus.")
                return
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                return
