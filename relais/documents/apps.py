from relais.core import apps as core


class DocumentsConfig(core.RelaisAppConfig):
    name = "relais.documents"
    label = "documents"
    modules = ("rules", "journal_actions", "retention", "casefile_entries")
