from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "relais.journal"
    label = "journal"
