"""Enqueue again the notification deliveries that no worker is taking care of.

Run it when the worker starts and every few minutes (cron, systemd timer, or `--every`):
a delivery whose worker died mid-send is SENDING until its lease expires
(NOTIFICATIONS_STALE_AFTER seconds); this command then hands it to a worker again. The SMS
provider receives the same Idempotency-Key, so the person gets one message."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from relais.notifications.services import deliveries_requeue


class Command(BaseCommand):
    help = (
        "Relance les envois de notifications bloqués (worker arrêté pendant l'envoi, tâche perdue). "
        "Sans danger si lancé plusieurs fois."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-after",
            type=float,
            default=None,
            help="secondes sans nouvelles avant de considérer un envoi comme bloqué "
            "(défaut : NOTIFICATIONS_STALE_AFTER). 0 = tout relancer maintenant.",
        )
        parser.add_argument(
            "--every",
            type=float,
            default=None,
            help="recommencer toutes les N secondes (jusqu'à Ctrl-C) au lieu d'une seule fois",
        )

    def handle(self, *args, stale_after=None, every=None, verbosity=1, **options):
        if stale_after is not None and stale_after < 0:
            raise CommandError("--stale-after doit être positif ou nul.")
        if every is not None and every <= 0:
            raise CommandError("--every doit être strictement positif.")
        older_than = dt.timedelta(seconds=stale_after) if stale_after is not None else None
        while True:
            count = deliveries_requeue(older_than=older_than)
            if verbosity:
                self.stdout.write(f"{count} envoi(s) relancé(s).")
            if every is None:
                return
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                return
