from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "relais.procedures"
    label = "procedures"

    def ready(self) -> None:
        # Erasure with the account and retention limits (receivers of accounts.signals.person_erased).
        import relais.procedures.retention  # noqa: F401
