from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "apps.entities"
    verbose_name = "Entities"

    def ready(self) -> None:
        from apps.entities import signals  # noqa: F401
