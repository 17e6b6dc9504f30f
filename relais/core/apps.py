"""`RelaisAppConfig`: the app-config base of every Relais app.

Each app names, in `modules`, the modules of its own that must be imported at start-up (its policy
rules `rules`, its journal actions `journal_actions`, its signal receivers `retention`...). They are
imported by name, so a missing module is an error at start-up, never a silent skip, and `ready()`
needs no import statement inside a function."""

from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig


class RelaisAppConfig(AppConfig):
    #: modules of this app imported at start-up, e.g. ("rules", "journal_actions", "retention")
    modules: tuple[str, ...] = ()

    def ready(self) -> None:
        for module in self.modules:
            import_module(f"{self.name}.{module}")


# Subclass it as `core.RelaisAppConfig` (`from relais.core import apps as core`): Django picks the
# one AppConfig class found in an app's `apps.py`, and a base class imported by name would be a
# second one.
