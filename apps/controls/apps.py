from django.apps import AppConfig


class ControlsConfig(AppConfig):
    name = "apps.controls"
    verbose_name = "Export controls"

    def ready(self) -> None:
        from apps.controls.models import ElementControl, EntityRestriction
        from apps.core.parts import track_part

        track_part(ElementControl, "measure", "controlled_elements")
        track_part(EntityRestriction, "measure", "restricted_entities")
