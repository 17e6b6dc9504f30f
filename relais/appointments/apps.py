from relais.core import apps as core


class AppointmentsConfig(core.RelaisAppConfig):
    name = "relais.appointments"
    label = "appointments"
    verbose_name = "Rendez-vous"
    modules = ("rules", "journal_actions", "retention", "casefile_entries", "tasks")
