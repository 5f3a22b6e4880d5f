import django_filters

from apps.core.filtersets import CountryFilter, RecordFilterSet, RecordIdFilter
from apps.entities.choices import EndUserCategory, EntityKind
from apps.entities.models import Entity


class EntityFilterSet(RecordFilterSet):
    country = CountryFilter()
    kind = django_filters.ChoiceFilter(choices=EntityKind.choices)
    parent = RecordIdFilter(queryset=Entity.objects.all(), label="Id of the parent entity.")
    end_user_category = django_filters.ChoiceFilter(
        choices=EndUserCategory.choices,
        label="End-user category, as category rules of export controls match it.",
    )
    ordering = django_filters.OrderingFilter(fields=("name", "country", "kind", "updated_at", "id"))

    class Meta:
        model = Entity
        fields: list[str] = []
