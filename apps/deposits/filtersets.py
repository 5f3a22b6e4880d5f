import django_filters

from apps.core.filtersets import (
    BBoxFilter,
    CountryFilter,
    IsoDateFilter,
    RecordFilterSet,
    RecordIdFilter,
    RegionFilter,
)
from apps.deposits.choices import DepositStatus, DepositType, EstimateCategory, Material
from apps.deposits.models import Deposit, ResourceEstimate
from apps.elements.filtersets import element_filter
from apps.entities.models import Entity
from apps.sources.models import Source


class DepositFilterSet(RecordFilterSet):
    country = CountryFilter()
    region = RegionFilter(label="ISO 3166-2 subdivision, e.g. IN-RJ.")
    element = element_filter("elements")
    deposit_type = django_filters.ChoiceFilter(choices=DepositType.choices)
    status = django_filters.ChoiceFilter(choices=DepositStatus.choices)
    operator = RecordIdFilter(queryset=Entity.objects.all(), label="Operator entity id.")
    bbox = BBoxFilter(label="min_lon,min_lat,max_lon,max_lat in decimal degrees (WGS 84).")
    ordering = django_filters.OrderingFilter(
        fields=("name", "country", "status", "announced_on", "updated_at", "id")
    )

    class Meta:
        model = Deposit
        fields: list[str] = []


class ResourceEstimateFilterSet(RecordFilterSet):
    deposit = RecordIdFilter(
        field_name="deposits", queryset=Deposit.objects.all(), label="Id of a covered deposit."
    )
    material = django_filters.ChoiceFilter(choices=Material.choices)
    category = django_filters.ChoiceFilter(choices=EstimateCategory.choices)
    source = RecordIdFilter(queryset=Source.objects.all(), label="Source id.")
    as_of_after = IsoDateFilter(
        field_name="as_of", lookup_expr="gte", label="As of on or after (ISO date)."
    )
    as_of_before = IsoDateFilter(
        field_name="as_of", lookup_expr="lte", label="As of on or before (ISO date)."
    )
    ordering = django_filters.OrderingFilter(
        fields=("as_of", "quantity_tonnes", "updated_at", "id")
    )

    class Meta:
        model = ResourceEstimate
        fields: list[str] = []
