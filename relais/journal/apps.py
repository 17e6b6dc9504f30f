from relais.core import apps as core


class JournalConfig(core.RelaisAppConfig):
    name = "relais.journal"
    label = "journal"
