"""Source queryset shaping (sources have no nested parts)."""

from apps.core.querysets import RecordQuerySet


class SourceQuerySet(RecordQuerySet):
    pass
