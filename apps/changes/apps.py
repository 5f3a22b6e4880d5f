from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "apps.changes"
    verbose_name = "Change feed"
