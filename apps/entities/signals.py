"""Keep an entity's search text in step with its aliases, whichever door changed them."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from apps.entities.models import Entity, EntityAlias


@receiver([post_save, post_delete], sender=EntityAlias)
def alias_changed(sender: type[EntityAlias], instance: EntityAlias, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    entity = Entity._default_manager.filter(pk=instance.entity_id).first()
    if entity is not None:
        entity.refresh_search_text()
