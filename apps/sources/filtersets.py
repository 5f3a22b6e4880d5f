import django_filters

from apps.core.filtersets import IsoDateFilter, RecordFilterSet
from apps.sources.choices import SourceKind
from apps.sources.models import Source


class SourceFilterSet(RecordFilterSet):
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices)
    published_after = IsoDateFilter(
        field_name="published_on", lookup_expr="gte", label="Published on or after (ISO date)."
    )
    published_before = IsoDateFilter(
        field_name="published_on", lookup_expr="lte", label="Published on or before (ISO date)."
    )
    ordering = django_filters.OrderingFilter(fields=("published_on", "title", "updated_at", "id"))

    class Meta:
        model = Source
        fields: list[str] = []
