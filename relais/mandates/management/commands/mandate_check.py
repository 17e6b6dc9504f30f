"""`manage.py mandate_check FINGERPRINT`: does a printed attestation match a mandate, and in what state?"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from relais.mandates.services import mandate_fingerprint_check


class Command(BaseCommand):
    help = "Vérifie l'empreinte imprimée sur une attestation de mandat (exit 1 si inconnue ou non conforme)."

    def add_arguments(self, parser):
        parser.add_argument("fingerprint", nargs="+", help="L'empreinte (64 caractères ; les espaces sont ignorés).")

    def handle(self, *args, **options):
        result = mandate_fingerprint_check(fingerprint="".join(options["fingerprint"]))
        if not result.found:
            raise CommandError("Empreinte inconnue : aucun mandat ne correspond.")
        mandate = result.mandate
        if not result.matches:
            raise CommandError(
                f"Mandat #{mandate.pk} trouvé, mais son contenu ne correspond plus à l'empreinte (données modifiées)."
            )
        state = mandate.state
        if state == "active" and mandate.is_past_end:
            state = "expired"
        categories = ", ".join(
            f"{a.category}{' (révoqué)' if a.revoked_at else ''}" for a in mandate.authorisations.all()
        )
        local = timezone.localtime
        self.stdout.write(f"OK : l'empreinte correspond au mandat #{mandate.pk}.")
        self.stdout.write(f"Structure : {mandate.organisation.name}")
        self.stdout.write(f"Personne : {mandate.person}")
        self.stdout.write(f"État : {state}")
        self.stdout.write(f"Domaines : {categories}")
        self.stdout.write(f"Du {local(mandate.starts_at):%d/%m/%Y %H:%M} au {local(mandate.expires_at):%d/%m/%Y %H:%M}")
        self.stdout.write(f"Texte d'accord : version {mandate.consent_text.version}")
