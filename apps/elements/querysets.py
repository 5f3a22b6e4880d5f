"""Element queries."""

from apps.core.querysets import RecordQuerySet


class ElementQuerySet(RecordQuerySet):
    pass
