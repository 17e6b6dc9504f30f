import os
import sys

from django.conf import settings

from relais.core import apps as core

SERVER_PROGRAMS = {"granian", "gunicorn", "uwsgi", "uvicorn", "daphne"}


def preload_wanted(argv: list[str] | None = None, setting: str = "auto") -> bool:
    """Build the OpenFisca engine at start in the web server and task worker processes only
    (not in migrations, shells or tests). RIGHTS_ENGINE_PRELOAD: "auto" (default), "1" or "0"."""
    if setting in {"1", "true", "yes", "on"}:
        return True
    if setting in {"0", "false", "no", "off"}:
        return False
    argv = sys.argv if argv is None else argv
    if not argv:
        return False
    program = os.path.basename(argv[0])
    if program in SERVER_PROGRAMS:
        return True
    if program == "manage.py" and len(argv) > 1:
        if argv[1] == "db_worker":
            return True
        if argv[1] == "runserver":
            return "--noreload" in argv or os.environ.get("RUN_MAIN") == "true"
    return False


class RightsConfig(core.RelaisAppConfig):
    name = "relais.rights"
    label = "rights"
    modules = ("rules", "journal_actions", "retention", "casefile_entries")

    def ready(self) -> None:
        super().ready()
        if preload_wanted(setting=str(getattr(settings, "RIGHTS_ENGINE_PRELOAD", "auto")).lower()):
            from relais.rights import engine  # lazy: the engine imports OpenFisca (slow start-up)

            engine.start()
