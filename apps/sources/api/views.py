from apps.core.api.views import RecordViewSet
from apps.sources.api.serializers import SourceSerializer
from apps.sources.filtersets import SourceFilterSet
from apps.sources.models import Source


class SourceViewSet(RecordViewSet):
    """Documents cited as evidence: news, official notices, legal texts, datasets, reports."""

    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
