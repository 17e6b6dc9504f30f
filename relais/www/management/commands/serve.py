"""Serve the site with granian and run the task worker beside it; Ctrl-C stops both.

In production (RELAIS_ENV=production) the static files are served from STATIC_ROOT through a
manifest (hashed names): without `collectstatic` every page would answer 500. So `serve` collects
them first, or, with --no-collectstatic (files collected when the image was built), refuses to
start while the manifest is missing."""

import os
import signal
import subprocess
import sys
import time

import psutil
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Sert le site (granian) et lance le worker de tâches (db_worker). Ctrl-C arrête les deux."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", default=os.environ.get("WEB_WORKERS", "1"))
        parser.add_argument("--no-worker", action="store_true", help="ne pas lancer le worker de tâches")
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="en production, ne pas rassembler les fichiers statiques (déjà faits à la construction)",
        )

    def prepare_static_files(self, collect: bool) -> None:
        """Production only: make sure the manifest of static files exists before serving."""
        if not settings.PRODUCTION:
            return
        if collect:
            self.stdout.write(f"Fichiers statiques : collectstatic dans {settings.STATIC_ROOT}…")
            try:
                call_command("collectstatic", interactive=False, verbosity=0)
            except Exception as exc:
                raise CommandError(
                    f"Impossible de rassembler les fichiers statiques dans {settings.STATIC_ROOT} ({exc}). "
                    "Vérifiez que ce dossier est accessible en écriture, ou lancez "
                    "`python manage.py collectstatic --noinput` puis `serve --no-collectstatic`."
                ) from exc
        manifest = getattr(staticfiles_storage, "manifest_name", None)
        if manifest and not staticfiles_storage.manifest_storage.exists(manifest):
            raise CommandError(
                f"Les fichiers statiques ne sont pas rassemblés ({settings.STATIC_ROOT}/{manifest} manque) : "
                "chaque page répondrait 500. Lancez `python manage.py collectstatic --noinput`, "
                "ou `serve` sans --no-collectstatic."
            )

    def handle(self, *args, **options):
        self.prepare_static_files(collect=not options["no_collectstatic"])
        python = sys.executable
        bin_dir = os.path.dirname(python)
        web = [
            os.path.join(bin_dir, "granian"),
            "--interface",
            "wsgi",
            "config.wsgi:application",
            "--host",
            options["host"],
            "--port",
            str(options["port"]),
            "--workers",
            str(options["workers"]),
            "--blocking-threads",
            "4",
        ]
        procs = [subprocess.Popen(web)]
        if not options["no_worker"]:
            procs.append(subprocess.Popen([python, "manage.py", "db_worker", "--interval", "1", "--queue-name", "*"]))
            # Takes back deliveries a dead worker left half-sent: at once, then every minute.
            procs.append(subprocess.Popen([python, "manage.py", "notifications_requeue", "--every", "60", "-v", "0"]))
            # Expiries, reminders and automatic invitations: at once, then every hour (idempotent jobs).
            procs.append(subprocess.Popen([python, "manage.py", "daily_jobs", "--every", "3600", "-v", "0"]))
        self.stdout.write(
            self.style.SUCCESS(f"Relais : http://{options['host']}:{options['port']}/  (Ctrl-C pour arrêter)")
        )

        def stop(*_):
            # Every process below us (granian's own workers included), so none is left orphaned.
            tree = psutil.Process().children(recursive=True)
            for proc in procs:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGINT if proc is procs[0] else signal.SIGTERM)
            deadline = time.monotonic() + 10
            for proc in procs:
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()
            _gone, alive = psutil.wait_procs(tree, timeout=5)
            for leftover in alive:
                leftover.kill()

        signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
        try:
            while all(proc.poll() is None for proc in procs):
                time.sleep(0.5)
            self.stderr.write("Un des processus s'est arrêté ; arrêt de l'ensemble.")
        except KeyboardInterrupt:
            pass
        finally:
            stop()
