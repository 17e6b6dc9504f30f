from relais.core import apps as core


class TerritoryConfig(core.RelaisAppConfig):
    name = "relais.territory"
    label = "territory"
