"""Admin for control measures, the elements they control and the entities they restrict.

The "in force today" column and filter apply the one in-force rule of
:mod:`apps.controls.selectors` (through ``ControlMeasure.objects.in_force_on``) inside the
change list's own query, so the column costs no query per row. A measure's ``suspends`` set
is checked by :func:`apps.controls.services.measure_validate_suspends`, as in the API and the
seed loader.

Restricted entities are listed on the measure's page; their citations are edited on the
restriction's own page (Django has no nested inlines), which each row links to.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from apps.controls.models import (
    ControlMeasure,
    ControlMeasureCitation,
    ElementControl,
    EntityRestriction,
    EntityRestrictionCitation,
)
from apps.controls.querysets import ControlMeasureQuerySet
from apps.controls.resources import (
    ControlMeasureResource,
    ElementControlResource,
    EntityRestrictionResource,
)
from apps.controls.services import measure_validate_suspends
from apps.core.admin import (
    COMPACT_TEXTAREA,
    CountryInUseFilter,
    CuratedModelAdmin,
    VersionedModelForm,
    admin_link,
    citation_inline,
)


def with_in_force_today(queryset: ControlMeasureQuerySet) -> ControlMeasureQuerySet:
    """Annotate ``in_force`` for today, in the same query, by the selector's rule.

    An ``EXISTS`` over ``in_force_on`` rather than ``with_in_force``: the latter puts the
    suspension rule's negated many-to-many condition inside ``CASE WHEN``, where Django joins
    the suspensions table instead of using a subquery, so a measure named by two suspensions
    would appear twice, once "in force" and once not.
    """
    in_force = ControlMeasure.objects.in_force_on(timezone.localdate()).filter(pk=OuterRef("pk"))
    return queryset.annotate(in_force=Exists(in_force))


class InForceTodayFilter(admin.SimpleListFilter):
    title = "in force today"
    parameter_name = "in_force_today"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        if self.value() == "yes":
            return cast(ControlMeasureQuerySet, queryset).in_force_on(today)
        if self.value() == "no":
            return queryset.exclude(pk__in=ControlMeasure.objects.in_force_on(today).values("pk"))
        return queryset


class ControlMeasureForm(VersionedModelForm):
    class Meta:
        model = ControlMeasure
        fields = (
            "slug",
            "reference",
            "title",
            "authority",
            "kind",
            "announced_on",
            "effective_from",
            "effective_to",
            "suspends",
            "summary",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # Only when both fields are valid, so a bad value is not reported twice.
        if "kind" in cleaned and "suspends" in cleaned:
            try:
                measure_validate_suspends(
                    kind=cleaned["kind"],
                    suspends=list(cleaned["suspends"]),
                    measure_pk=self.instance.pk,
                )
            except ValidationError as error:
                self.add_error(None, error)  # keyed by field: lands on "suspends"
        return cleaned


class ElementControlInline(admin.TabularInline):
    model = ElementControl
    fields = ("element", "scope", "note")
    autocomplete_fields = ("element",)
    extra = 0
    formfield_overrides = {models.TextField: {"widget": COMPACT_TEXTAREA}}


class EntityRestrictionInline(admin.TabularInline):
    model = EntityRestriction
    fields = ("entity", "note", "citations_link")
    readonly_fields = ("citations_link",)
    autocomplete_fields = ("entity",)
    extra = 0
    formfield_overrides = {models.TextField: {"widget": COMPACT_TEXTAREA}}

    def get_queryset(self, request: HttpRequest) -> QuerySet[EntityRestriction]:
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description="citations")
    def citations_link(self, restriction: EntityRestriction) -> str:
        if restriction.pk is None:
            return "Save first, then cite sources on the restriction's page."
        count = getattr(restriction, "citation_count", None)
        return admin_link(
            restriction, f"{count} citation(s): edit" if count is not None else "edit"
        )


@admin.register(ControlMeasure)
class ControlMeasureAdmin(CuratedModelAdmin):
    form = ControlMeasureForm
    resource_classes = [ControlMeasureResource]
    list_display = (
        "reference",
        "title",
        "authority",
        "kind",
        "effective_from",
        "effective_to",
        "in_force_today",
    )
    list_filter = (
        InForceTodayFilter,
        "kind",
        ("authority__country", CountryInUseFilter),
        "effective_from",
    )
    list_select_related = ("authority",)
    search_fields = ("reference", "title", "slug", "authority__name")
    date_hierarchy = "effective_from"
    autocomplete_fields = ("authority", "suspends")
    prepopulated_fields = {"slug": ("reference",)}
    inlines = [
        ElementControlInline,
        EntityRestrictionInline,
        citation_inline(ControlMeasureCitation),
    ]
    history_list_display = ["reference", "kind", "effective_from", "effective_to"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ControlMeasure]:
        return with_in_force_today(super().get_queryset(request))

    @admin.display(description="in force today", boolean=True, ordering="in_force")
    def in_force_today(self, measure: ControlMeasure) -> bool:
        return measure.in_force  # type: ignore[attr-defined]


@admin.register(EntityRestriction)
class EntityRestrictionAdmin(CuratedModelAdmin):
    resource_classes = [EntityRestrictionResource]
    list_display = ("entity", "measure_link", "authority", "note", "citation_count")
    list_filter = ("measure__kind", "entity__kind", ("entity__country", CountryInUseFilter))
    list_select_related = ("entity", "measure__authority")
    search_fields = (
        "entity__name",
        "entity__slug",
        "entity__aliases__name",
        "measure__reference",
        "measure__title",
    )
    autocomplete_fields = ("measure", "entity")
    inlines = [citation_inline(EntityRestrictionCitation)]
    history_list_display = ["note"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[EntityRestriction]:
        return super().get_queryset(request).annotate(num_citations=Count("citations"))

    @admin.display(description="measure", ordering="measure__reference")
    def measure_link(self, restriction: EntityRestriction) -> str:
        return admin_link(restriction.measure)

    @admin.display(description="authority", ordering="measure__authority__name")
    def authority(self, restriction: EntityRestriction) -> str:
        return str(restriction.measure.authority)

    @admin.display(description="citations", ordering="num_citations")
    def citation_count(self, restriction: EntityRestriction) -> int:
        return restriction.num_citations  # type: ignore[attr-defined]


@admin.register(ElementControl)
class ElementControlAdmin(CuratedModelAdmin):
    resource_classes = [ElementControlResource]
    list_display = ("element", "measure_link", "scope")
    list_filter = ("measure__kind", "element__is_rare_earth")
    list_select_related = ("element", "measure")
    search_fields = ("element__symbol", "element__name", "measure__reference", "measure__title")
    autocomplete_fields = ("measure", "element")
    history_list_display = ["scope"]

    @admin.display(description="measure", ordering="measure__reference")
    def measure_link(self, control: ElementControl) -> str:
        return admin_link(control.measure)
