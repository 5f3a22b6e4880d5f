from apps.core.api.views import ReadOnlyRecordViewSet
from apps.elements.api.serializers import ElementSerializer
from apps.elements.filtersets import ElementFilterSet
from apps.elements.models import Element


class ElementViewSet(ReadOnlyRecordViewSet):
    """The periodic table, looked up by case-sensitive symbol (``/elements/Dy/``). Read-only."""

    queryset = Element.objects.all()
    serializer_class = ElementSerializer
    filterset_class = ElementFilterSet
    lookup_field = "symbol"
    lookup_value_regex = r"[A-Za-z]{1,3}"
