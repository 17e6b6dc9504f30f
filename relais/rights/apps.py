from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "relais.rights"
    label = "rights"
