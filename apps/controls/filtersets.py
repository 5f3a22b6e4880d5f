import django_filters

from apps.controls.choices import MeasureKind
from apps.controls.models import ControlMeasure
from apps.core.filtersets import CountryFilter, RecordFilterSet
from apps.deposits.filtersets import element_filter
from apps.entities.models import Entity


class ControlMeasureFilterSet(RecordFilterSet):
    authority = django_filters.ModelChoiceFilter(
        queryset=Entity.objects.all(), label="Id of the issuing entity."
    )
    authority_country = CountryFilter(
        field_name="authority__country", label="Country (ISO 3166-1 alpha-2) of the authority."
    )
    element = element_filter("controlled_elements__element")
    entity = django_filters.ModelChoiceFilter(
        field_name="restricted_entities__entity",
        queryset=Entity.objects.all(),
        distinct=True,
        label="Id of an entity the measure restricts.",
    )
    kind = django_filters.ChoiceFilter(choices=MeasureKind.choices)
    ordering = django_filters.OrderingFilter(
        fields=("effective_from", "announced_on", "reference", "updated_at", "id")
    )

    class Meta:
        model = ControlMeasure
        fields: list[str] = []
