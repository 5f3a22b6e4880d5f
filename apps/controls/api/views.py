from apps.controls.api.serializers import ControlMeasureSerializer
from apps.controls.filtersets import ControlMeasureFilterSet, RestrictionAwareEntityFilterSet
from apps.controls.models import ControlMeasure
from apps.core.api.views import RecordViewSet
from apps.entities.api.views import EntityViewSet


class ControlMeasureViewSet(RecordViewSet):
    """Export-control measures with the elements they control and the entities they restrict."""

    queryset = ControlMeasure.objects.all()
    serializer_class = ControlMeasureSerializer
    filterset_class = ControlMeasureFilterSet
    repeatable_params = frozenset({"element"})


class RestrictionAwareEntityViewSet(EntityViewSet):
    """The entities endpoint, with the ``restricted``/``as_of`` filters added by this app."""

    filterset_class = RestrictionAwareEntityFilterSet
