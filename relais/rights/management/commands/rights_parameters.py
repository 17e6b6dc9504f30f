"""List, for each benefit, the OpenFisca parameters it reads and their latest date.

    manage.py rights_parameters            # the list, stale ones marked
    manage.py rights_parameters --write    # trace again and rewrite relais/rights/benefit_parameters.json

The list comes from a trace of the naive computation on sample households (relais/rights/freshness.py)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand

from relais.rights import engine, freshness
from relais.rights.analysis import sample_households
from relais.rights.services import current_period


class Command(BaseCommand):
    help = "Paramètres OpenFisca lus par chaque aide, avec leur dernière date."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="retracer et réécrire benefit_parameters.json")
        parser.add_argument("--households", type=int, default=6)
        parser.add_argument("--period", default="")

    def handle(self, *args, write=False, households=6, period="", **options):
        engine.wait_ready()
        tbs = engine.tax_benefit_system()
        period = period or current_period()
        if write:
            found = freshness.trace_benefit_parameters(tbs, sample_households(households, seed=5), period)
            freshness.write_benefit_parameters(found)
        first_day = datetime.date.fromisoformat(f"{period}-01")
        for key, names in freshness.benefit_parameters().items():
            due = freshness.last_revaluation(key, period)
            stale = {item.name for item in freshness.stale_parameters(tbs, key, period, names)}
            self.stdout.write(f"{key} (revalorisation attendue le {due.isoformat()}) : {len(names)} paramètres")
            for name in names:
                found = freshness.parameter_date(tbs, name, first_day, freshness.REVALUATION_CALENDAR[key])
                if found is None:
                    continue
                mark = "  PÉRIMÉ" if name in stale else ""
                self.stdout.write(f"  {found.latest.isoformat()}  {name}{mark}")
