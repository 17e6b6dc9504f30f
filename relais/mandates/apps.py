from relais.core import apps as core


class MandatesConfig(core.RelaisAppConfig):
    name = "relais.mandates"
    label = "mandates"
    modules = ("rules", "journal_actions", "retention", "casefile_entries", "tasks", "casefile_search")
