from relais.core import apps as core


class IdentityConfig(core.RelaisAppConfig):
    name = "relais.identity"
    label = "identity"
    verbose_name = "Identité (FranceConnect, ProConnect)"
    modules = ("rules", "journal_actions", "retention", "tasks", "locks")
