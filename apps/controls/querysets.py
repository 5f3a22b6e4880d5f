"""Control-measure queries. The in-force rule lives in :mod:`apps.controls.selectors`."""

from apps.core.querysets import RecordQuerySet


class ControlMeasureQuerySet(RecordQuerySet):
    pass
