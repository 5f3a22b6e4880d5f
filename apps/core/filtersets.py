"""The base FilterSet: ``q`` and ``updated_since`` on every list, plus shared filter types."""

from decimal import Decimal, InvalidOperation
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from apps.core.geo import validate_subdivision
from apps.core.text import fold


class RecordFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label="Search names, aliases, titles and references (case- and accent-insensitive).",
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Only records changed at or after this ISO 8601 date-time.",
    )

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = fold(value)
        if len(folded) > 200:
            raise ValidationError({"q": "Search text is limited to 200 characters."})
        return queryset.filter(search_text__contains=folded) if folded else queryset


class CountryFilter(django_filters.ChoiceFilter):
    """An ISO 3166-1 alpha-2 code; an unknown code is a 400 naming the value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", list(countries))
        kwargs.setdefault("label", "ISO 3166-1 alpha-2 country code, e.g. IN.")
        super().__init__(*args, **kwargs)


class RegionField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if value:
            validate_subdivision(value, None)
        return value


class RegionFilter(django_filters.CharFilter):
    field_class = RegionField


class BBoxField(forms.CharField):
    """``min_lon,min_lat,max_lon,max_lat`` in decimal degrees, checked for count, range, order."""

    def clean(self, value: Any) -> tuple[Decimal, Decimal, Decimal, Decimal] | None:
        value = super().clean(value)
        if not value:
            return None
        parts = value.split(",")
        if len(parts) != 4:
            raise ValidationError("Give four numbers: min_lon,min_lat,max_lon,max_lat.")
        try:
            min_lon, min_lat, max_lon, max_lat = (Decimal(part.strip()) for part in parts)
        except InvalidOperation:
            raise ValidationError("Each bbox value must be a number.") from None
        if not all(v.is_finite() for v in (min_lon, min_lat, max_lon, max_lat)):
            raise ValidationError("Each bbox value must be a finite number.")
        if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
            raise ValidationError("Longitudes must be between -180 and 180.")
        if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
            raise ValidationError("Latitudes must be between -90 and 90.")
        if min_lon > max_lon or min_lat > max_lat:
            raise ValidationError("Minimums must not exceed maximums.")
        return min_lon, min_lat, max_lon, max_lat


@extend_schema_field(OpenApiTypes.STR)
class BBoxFilter(django_filters.Filter):
    field_class = BBoxField

    def filter(self, queryset: QuerySet, value: Any) -> QuerySet:
        if not value:
            return queryset
        min_lon, min_lat, max_lon, max_lat = value
        return queryset.filter(
            longitude__gte=min_lon,
            longitude__lte=max_lon,
            latitude__gte=min_lat,
            latitude__lte=max_lat,
        )
