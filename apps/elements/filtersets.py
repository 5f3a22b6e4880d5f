import django_filters

from apps.core.filtersets import RecordFilterSet, StrictBooleanFilter
from apps.elements.choices import ReeGroup
from apps.elements.models import Element


class ElementFilterSet(RecordFilterSet):
    is_rare_earth = StrictBooleanFilter(label="true: only the 17 rare earths.")
    ree_group = django_filters.ChoiceFilter(choices=ReeGroup.choices)
    ordering = django_filters.OrderingFilter(
        fields=("atomic_number", "symbol", "name", "updated_at")
    )

    class Meta:
        model = Element
        fields: list[str] = []
