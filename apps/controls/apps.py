from django.apps import AppConfig


class ControlsConfig(AppConfig):
    name = "apps.controls"
    verbose_name = "Export controls"
