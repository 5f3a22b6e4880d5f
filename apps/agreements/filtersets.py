from datetime import date

import django_filters
from django.db.models import Q, QuerySet

from apps.agreements.choices import AgreementKind, AgreementStatus
from apps.agreements.models import Agreement
from apps.core.filtersets import (
    IsoDateFilter,
    LinkedCountryFilter,
    LinkedRecordIdFilter,
    RecordFilterSet,
)
from apps.elements.filtersets import element_filter
from apps.entities.models import Entity


class AgreementFilterSet(RecordFilterSet):
    party = LinkedRecordIdFilter(
        field_name="parties__entity",
        queryset=Entity.objects.all(),
        label="Id of an entity that is a party (any role).",
    )
    party_country = LinkedCountryFilter(
        field_name="parties__entity__country",
        label="Country (ISO 3166-1 alpha-2) of a party.",
    )
    element = element_filter("elements")
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices)
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices)
    active_on = IsoDateFilter(
        method="filter_active_on",
        label=(
            "Agreements signed or in force on this date and not ended: status signed or "
            "in_force, started (effective_from, else signed_on) on or before it, and "
            "effective_to empty or on or after it."
        ),
    )
    ordering = django_filters.OrderingFilter(
        fields=("signed_on", "effective_from", "title", "updated_at", "id")
    )

    class Meta:
        model = Agreement
        fields: list[str] = []

    def filter_active_on(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        started = Q(effective_from__lte=value) | Q(
            effective_from__isnull=True, signed_on__lte=value
        )
        not_ended = Q(effective_to__isnull=True) | Q(effective_to__gte=value)
        return queryset.filter(
            started, not_ended, status__in=[AgreementStatus.SIGNED, AgreementStatus.IN_FORCE]
        )
