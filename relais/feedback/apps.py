from relais.core import apps as core


class FeedbackConfig(core.RelaisAppConfig):
    name = "relais.feedback"
    label = "feedback"
    verbose_name = "Avis et retours sur les démarches"
    modules = ("rules", "journal_actions", "retention", "tasks")
