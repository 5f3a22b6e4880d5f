from django.apps import AppConfig


class ElementsConfig(AppConfig):
    name = "apps.elements"
    verbose_name = "Elements"
