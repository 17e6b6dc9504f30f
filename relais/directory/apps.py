from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "relais.directory"
    label = "directory"
