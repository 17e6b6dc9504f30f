from relais.core import apps as core


class DirectoryConfig(core.RelaisAppConfig):
    name = "relais.directory"
    label = "directory"
    modules = ("rules", "journal_actions", "text_search_sqlite")
