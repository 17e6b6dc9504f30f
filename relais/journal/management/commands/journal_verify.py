from django.core.management.base import BaseCommand, CommandError

from relais.journal.selectors import journal_verify


class Command(BaseCommand):
    help = "Vérifie la chaîne de hachage du journal ; échoue en nommant la première entrée altérée."

    def handle(self, *args, **options):
        result = journal_verify()
        if not result.ok:
            raise CommandError(
                f"Journal altéré : entrée #{result.broken_id} ({result.reason}); "
                f"{result.checked} entrées valides avant elle."
            )
        self.stdout.write(self.style.SUCCESS(f"Journal intègre : {result.checked} entrées vérifiées."))
