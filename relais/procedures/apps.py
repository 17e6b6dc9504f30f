from relais.core import apps as core


class ProceduresConfig(core.RelaisAppConfig):
    name = "relais.procedures"
    label = "procedures"
    modules = ("rules", "journal_actions", "retention", "casefile_entries")
