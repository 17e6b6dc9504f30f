from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "relais.procedures"
    label = "procedures"
