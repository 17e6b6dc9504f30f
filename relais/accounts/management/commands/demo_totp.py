from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from relais.accounts.demo import DEMO_TOTP_BASE32, demo_totp_hex


class Command(BaseCommand):
    help = "Affiche le code TOTP actuel des comptes professionnels de démonstration."

    def handle(self, *args, **options):
        totp = TOTP(bytes.fromhex(demo_totp_hex()))
        self.stdout.write(f"Code actuel : {totp.token():06d}   (secret de démonstration : {DEMO_TOTP_BASE32})")
