from apps.controls.api.serializers import ControlMeasureSerializer
from apps.controls.filtersets import ControlMeasureFilterSet
from apps.controls.models import ControlMeasure
from apps.core.api.views import RecordViewSet


class ControlMeasureViewSet(RecordViewSet):
    """Export-control measures with the elements they control and the entities they restrict."""

    queryset = ControlMeasure.objects.all()
    serializer_class = ControlMeasureSerializer
    filterset_class = ControlMeasureFilterSet
    repeatable_params = frozenset({"element"})
