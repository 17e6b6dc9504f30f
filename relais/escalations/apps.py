from relais.core import apps as core


class EscalationsConfig(core.RelaisAppConfig):
    name = "relais.escalations"
    label = "escalations"
    verbose_name = "Saisines"
    modules = ("rules", "journal_actions", "retention", "casefile_entries", "tasks")
