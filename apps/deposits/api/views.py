from apps.core.api.views import RecordViewSet
from apps.deposits.api.renderers import GeoJSONRenderer
from apps.deposits.api.serializers import DepositSerializer, ResourceEstimateSerializer
from apps.deposits.filtersets import DepositFilterSet, ResourceEstimateFilterSet
from apps.deposits.models import Deposit, ResourceEstimate
from minerals_api.renderers import CSVRenderer, ORJSONRenderer


class DepositViewSet(RecordViewSet):
    """Mineral deposits: location, type, status, elements, operator, and their estimates.

    ``format=geojson`` gives the page as an RFC 7946 FeatureCollection.
    """

    queryset = Deposit.objects.all()
    serializer_class = DepositSerializer
    filterset_class = DepositFilterSet
    renderer_classes = [ORJSONRenderer, CSVRenderer, GeoJSONRenderer]
    repeatable_params = frozenset({"element"})


class ResourceEstimateViewSet(RecordViewSet):
    """Announced quantities; one estimate may cover several deposits (count it once)."""

    queryset = ResourceEstimate.objects.all()
    serializer_class = ResourceEstimateSerializer
    filterset_class = ResourceEstimateFilterSet
