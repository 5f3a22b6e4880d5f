"""Filters on the periodic table, and the element filter of the resources that link elements."""

import django_filters

from apps.core.filtersets import LinkedAnyOfFilter, RecordFilterSet, StrictBooleanFilter
from apps.elements.choices import ReeGroup
from apps.elements.models import Element


def element_filter(field_name: str) -> LinkedAnyOfFilter:
    """``element=Dy&element=Tb``: records linked to any of these elements through
    ``field_name``, by symbol (for the resources that list or control elements)."""
    return LinkedAnyOfFilter(
        field_name=field_name,
        to_field_name="symbol",
        queryset=Element.objects.all(),
        label="Element symbol; repeat for any-of (element=Dy&element=Tb).",
    )


class ElementFilterSet(RecordFilterSet):
    is_rare_earth = StrictBooleanFilter(label="true: only the 17 rare earths.")
    ree_group = django_filters.ChoiceFilter(choices=ReeGroup.choices)
    ordering = django_filters.OrderingFilter(
        fields=("atomic_number", "symbol", "name", "updated_at")
    )

    class Meta:
        model = Element
        fields: list[str] = []
