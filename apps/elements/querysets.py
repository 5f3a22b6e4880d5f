"""Element queryset shaping."""

from apps.core.querysets import RecordQuerySet


class ElementQuerySet(RecordQuerySet):
    api_prefetch = {"citations": ("citations",)}
