from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "apps.entities"
    verbose_name = "Entities"

    def ready(self) -> None:
        from apps.core.parts import track_part_rows
        from apps.entities import signals  # noqa: F401
        from apps.entities.models import EntityAlias

        track_part_rows(EntityAlias, "entity", "aliases")
