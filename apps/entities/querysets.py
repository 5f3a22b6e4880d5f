"""Entity queryset shaping, kept in one place for the API, the admin and exports."""

from django.db import models


class EntityQuerySet(models.QuerySet):
    def for_api(self) -> "EntityQuerySet":
        return self.select_related("parent").prefetch_related("aliases", "citations")
