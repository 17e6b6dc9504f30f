from relais.core import apps as core


class NotificationsConfig(core.RelaisAppConfig):
    name = "relais.notifications"
    label = "notifications"
    modules = ("retention",)
