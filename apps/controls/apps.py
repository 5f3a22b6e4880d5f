from django.apps import AppConfig


class ControlsConfig(AppConfig):
    name = "apps.controls"
    verbose_name = "Export controls"

    def ready(self) -> None:
        from apps.controls.models import (
            CategoryRestriction,
            ElementControl,
            EntityRestriction,
            SuspendedClause,
        )
        from apps.core.parts import track_part_rows

        track_part_rows(ElementControl, "measure", "controlled_elements")
        track_part_rows(EntityRestriction, "measure", "restricted_entities")
        track_part_rows(CategoryRestriction, "measure", "restricted_categories")
        track_part_rows(SuspendedClause, "suspension", "suspended_clauses")
