"""For operators: where the notifications stand, and a way to check the email and SMS set-up."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from relais.core.phone import normalize_phone
from relais.notifications import backends
from relais.notifications.models import DeliveryStatus
from relais.notifications.selectors import deliveries_failed_recent, deliveries_summary


class Command(BaseCommand):
    help = (
        "Affiche l'état des envois de notifications (par canal et par état) et les derniers échecs. "
        "--test-email / --test-sms envoient un message d'essai pour vérifier la configuration."
    )

    def add_arguments(self, parser):
        parser.add_argument("--failed", type=int, default=10, help="nombre d'échecs récents à afficher")
        parser.add_argument("--test-email", metavar="ADRESSE", help="envoyer un courriel d'essai")
        parser.add_argument("--test-sms", metavar="NUMERO", help="envoyer un SMS d'essai")

    def handle(self, *args, failed=10, test_email=None, test_sms=None, **options):
        if test_email or test_sms:
            return self._test(test_email, test_sms)
        summary = deliveries_summary()
        if not summary:
            self.stdout.write("Aucun envoi pour l'instant.")
        labels = dict(DeliveryStatus.choices)
        for (channel, status), count in sorted(summary.items()):
            self.stdout.write(f"{channel:<13} {labels.get(status, status):<16} {count}")
        for delivery in deliveries_failed_recent(limit=failed):
            self.stdout.write(
                f"ÉCHEC #{delivery.pk} {delivery.notification.event} ({delivery.channel}, "
                f"{delivery.attempts_count} tentative(s)) : {delivery.last_error}"
            )

    def _test(self, email, phone):
        import uuid

        key = f"relais-test-{uuid.uuid4().hex}"
        try:
            if email:
                backends.send_email(
                    to=email,
                    subject="Relais : message d'essai",
                    body="Ce message vérifie que Relais peut envoyer des courriels.",
                    idempotency_key=key,
                )
                self.stdout.write(f"Courriel d'essai envoyé à {email}.")
            if phone:
                number = normalize_phone(phone)
                provider_id = backends.send_sms(to=number, text="Relais : SMS d'essai.", idempotency_key=key)
                self.stdout.write(f"SMS d'essai envoyé au {number} (référence {provider_id}).")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except backends.DeliveryError as exc:
            raise CommandError(f"Échec : {exc}") from exc
