from relais.core import apps as core


class CasefileConfig(core.RelaisAppConfig):
    name = "relais.casefile"
    label = "casefile"
    modules = ("rules", "journal_actions", "retention", "casefile_entries", "tasks")
