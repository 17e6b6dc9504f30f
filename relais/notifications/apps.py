from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "relais.notifications"
    label = "notifications"

    def ready(self) -> None:
        # Erasure with the account and retention limits (receivers of accounts.signals.person_erased).
        import relais.notifications.retention  # noqa: F401
