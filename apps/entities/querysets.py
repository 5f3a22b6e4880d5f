"""Entity queryset shaping, kept in one place for the API, the admin and exports."""

from apps.core.querysets import RecordQuerySet


class EntityQuerySet(RecordQuerySet):
    api_prefetch = {"aliases": ("aliases",), "citations": ("citations",)}
