from relais.core import apps as core


class PolicyConfig(core.RelaisAppConfig):
    name = "relais.policy"
    label = "policy"
    modules = ("rules_core", "retention")
