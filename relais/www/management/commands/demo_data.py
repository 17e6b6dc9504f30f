"""Load the demo territory, organisations, logins and each domain's demo content.

Each domain may ship `relais/<domain>/demo.py` with `load(ctx: dict, stdout) -> None`; they run in
the order of DEMO_MODULES and share `ctx` (the core objects created here). Idempotent."""

from importlib import import_module

from django.core.management.base import BaseCommand

DEMO_MODULES = [
    "relais.territory.demo",
    "relais.accounts.demo",
    "relais.identity.demo",
    "relais.directory.demo",
    "relais.documents.demo",
    "relais.procedures.demo",
    "relais.mandates.demo",
    "relais.rights.demo",
    "relais.casefile.demo",
    "relais.referrals.demo",
    "relais.escalations.demo",
    "relais.appointments.demo",
    "relais.feedback.demo",
    "relais.observatory.demo",
]


class Command(BaseCommand):
    help = "Charge les données de démonstration (territoire, structures, comptes de démonstration)."

    def handle(self, *args, **options):
        ctx: dict = {}
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name == name:
                    continue
                raise
            self.stdout.write(f"- {name.split('.')[1]}")
            module.load(ctx, self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
