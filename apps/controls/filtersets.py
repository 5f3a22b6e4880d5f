from datetime import date

import django_filters
from django.db.models import QuerySet

from apps.controls.choices import MeasureKind
from apps.controls.models import ControlMeasure
from apps.controls.selectors import measures_in_force_on, restricted_entity_ids
from apps.core.api.fields import today_utc
from apps.core.filtersets import (
    CountryFilter,
    IsoDateFilter,
    LinkedRecordIdFilter,
    RecordFilterSet,
    RecordIdFilter,
    StrictBooleanFilter,
)
from apps.elements.filtersets import element_filter
from apps.entities.filtersets import EntityFilterSet
from apps.entities.models import Entity


class ControlMeasureFilterSet(RecordFilterSet):
    authority = RecordIdFilter(queryset=Entity.objects.all(), label="Id of the issuing entity.")
    authority_country = CountryFilter(
        field_name="authority__country", label="Country (ISO 3166-1 alpha-2) of the authority."
    )
    element = element_filter("controlled_elements__element")
    entity = LinkedRecordIdFilter(
        field_name="restricted_entities__entity",
        queryset=Entity.objects.all(),
        label="Id of an entity the measure restricts.",
    )
    kind = django_filters.ChoiceFilter(choices=MeasureKind.choices)
    in_force_on = IsoDateFilter(
        method="filter_in_force_on",
        label="Only measures in force on this ISO date (suspensions taken into account).",
    )
    ordering = django_filters.OrderingFilter(
        fields=("effective_from", "announced_on", "reference", "updated_at", "id")
    )

    class Meta:
        model = ControlMeasure
        fields: list[str] = []

    def filter_in_force_on(
        self, queryset: QuerySet[ControlMeasure], name: str, value: date
    ) -> QuerySet[ControlMeasure]:
        return measures_in_force_on(value, queryset)


class RestrictionAwareEntityFilterSet(EntityFilterSet):
    """The entity filters plus ``restricted`` (+ ``as_of``), which need the in-force rule."""

    restricted = StrictBooleanFilter(
        method="filter_restricted",
        label=(
            "true: only entities restricted on as_of: listed by a measure in force (directly or "
            "through a parent entity) or matched by one of its category rules (country, "
            "end-user category); false: only the others."
        ),
    )
    as_of = IsoDateFilter(
        method="filter_as_of", label="Date for restricted (ISO date; default today, UTC)."
    )

    class Meta(EntityFilterSet.Meta):
        pass

    def filter_as_of(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset  # read by filter_restricted

    def filter_restricted(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        on = self.form.cleaned_data.get("as_of") or today_utc()
        ids = restricted_entity_ids(on=on)
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)
