from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "relais.documents"
    label = "documents"

    def ready(self) -> None:
        # Erasure with the account and retention limits (receivers of accounts.signals.person_erased).
        import relais.documents.retention  # noqa: F401
