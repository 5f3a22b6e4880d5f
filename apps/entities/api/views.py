from apps.core.api.views import RecordViewSet
from apps.entities.api.serializers import EntitySerializer
from apps.entities.filtersets import EntityFilterSet
from apps.entities.models import Entity


class EntityViewSet(RecordViewSet):
    """States, ministries, agencies, companies and institutes, with their aliases."""

    queryset = Entity.objects.all()
    serializer_class = EntitySerializer
    filterset_class = EntityFilterSet
