"""python manage.py export_directory --format {json,csv} DIRECTORY : data·inclusion v1 files."""

from django.core.management.base import BaseCommand

from relais.directory.exporters import export


class Command(BaseCommand):
    help = "Exporte les lieux et services publiés au format data·inclusion v1 (structures + services)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json", dest="fmt")
        parser.add_argument("directory")

    def handle(self, *args, fmt, directory, **options):
        problems: list[str] = []
        structures, services = export(directory=directory, fmt=fmt, problems=problems)
        self.stdout.write(f"{structures} structures et {services} services écrits dans {directory}")
        for problem in problems[:200]:
            self.stdout.write(f"  attention — {problem}")
        if len(problems) > 200:
            self.stdout.write(f"  … et {len(problems) - 200} autres")
