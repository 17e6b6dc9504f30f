from relais.core import apps as core


class ReferralsConfig(core.RelaisAppConfig):
    name = "relais.referrals"
    label = "referrals"
    verbose_name = "Orientations"
    modules = ("rules", "journal_actions", "retention", "casefile_entries", "tasks")
