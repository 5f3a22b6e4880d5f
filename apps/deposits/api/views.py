from apps.core.api.renderers import CSVRenderer, ORJSONRenderer
from apps.core.api.views import RecordViewSet
from apps.deposits.api.renderers import GeoJSONRenderer
from apps.deposits.api.serializers import DepositSerializer, ResourceEstimateSerializer
from apps.deposits.filtersets import DepositFilterSet, ResourceEstimateFilterSet
from apps.deposits.models import Deposit, ResourceEstimate


class DepositViewSet(RecordViewSet):
    """Mineral deposits: location, type, status, elements, operator, and their estimates.

    ``format=geojson`` gives the page as an RFC 7946 FeatureCollection.
    """

    queryset = Deposit.objects.all()
    serializer_class = DepositSerializer
    filterset_class = DepositFilterSet
    renderer_classes = [ORJSONRenderer, CSVRenderer, GeoJSONRenderer]
    repeatable_params = frozenset({"element"})
    #: What ``fields``/``omit``/``brief`` kept, for the GeoJSON properties (None: all).
    geojson_properties: frozenset[str] | None = None

    def get_shape(self) -> frozenset[str] | None:
        """A GeoJSON page reads the coordinates for the geometry even when the shaping
        leaves them out of the properties (the renderer drops them there again)."""
        shape = super().get_shape()
        renderer = getattr(self.request, "accepted_renderer", None)
        if shape is None or self.action != "list" or not isinstance(renderer, GeoJSONRenderer):
            return shape
        self.geojson_properties = shape
        return shape | GeoJSONRenderer.coordinate_fields


class ResourceEstimateViewSet(RecordViewSet):
    """Announced quantities; one estimate may cover several deposits (count it once)."""

    queryset = ResourceEstimate.objects.all()
    serializer_class = ResourceEstimateSerializer
    filterset_class = ResourceEstimateFilterSet
