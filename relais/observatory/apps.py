from relais.core import apps as core


class ObservatoryConfig(core.RelaisAppConfig):
    name = "relais.observatory"
    label = "observatory"
    verbose_name = "Observatoire territorial"
    modules = ("rules", "journal_actions", "retention", "tasks")
