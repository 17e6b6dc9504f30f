from relais.core import apps as core


class WwwConfig(core.RelaisAppConfig):
    name = "relais.www"
    label = "www"
