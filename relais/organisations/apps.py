from relais.core import apps as core


class OrganisationsConfig(core.RelaisAppConfig):
    name = "relais.organisations"
    label = "organisations"
    modules = ("journal_actions",)
