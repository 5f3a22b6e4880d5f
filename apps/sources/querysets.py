"""Source queries."""

from apps.core.querysets import RecordQuerySet


class SourceQuerySet(RecordQuerySet):
    pass
