from django.apps import AppConfig


class MandatesConfig(AppConfig):
    name = "relais.mandates"
    label = "mandates"

    def ready(self) -> None:
        # Erasure with the account and retention limits (receivers of accounts.signals.person_erased).
        import relais.mandates.retention  # noqa: F401
