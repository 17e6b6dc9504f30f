"""python manage.py export_directory [--schema data-inclusion|lieux-mediation-numerique] --format {json,csv} DIRECTORY

data·inclusion v1 files (structures + services), or the national map's file of digital-help places
(schéma des lieux de médiation numérique 1.0.1, docs/adr/0013)."""

from django.core.management.base import BaseCommand

from relais.directory import exporters, exporters_mednum


class Command(BaseCommand):
    help = (
        "Exporte les lieux et services publiés au format data·inclusion v1 (structures + services) "
        "ou les lieux d'aide au numérique au schéma des lieux de médiation numérique."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schema", choices=["data-inclusion", "lieux-mediation-numerique"], default="data-inclusion"
        )
        parser.add_argument("--format", choices=["json", "csv"], default=None, dest="fmt")
        parser.add_argument("directory")

    def handle(self, *args, schema, fmt, directory, **options):
        problems: list[str] = []
        if schema == "lieux-mediation-numerique":
            places = exporters_mednum.export(directory=directory, fmt=fmt or "csv", problems=problems)
            self.stdout.write(f"{places} lieux de médiation numérique écrits dans {directory}")
        else:
            structures, services = exporters.export(directory=directory, fmt=fmt or "json", problems=problems)
            self.stdout.write(f"{structures} structures et {services} services écrits dans {directory}")
        for problem in problems[:200]:
            self.stdout.write(f"  attention — {problem}")
        if len(problems) > 200:
            self.stdout.write(f"  … et {len(problems) - 200} autres")
