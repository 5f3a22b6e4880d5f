"""Admin for control measures, the elements they control and the entities they restrict.

The "in force today" column and filter apply the one in-force rule of
:mod:`apps.controls.selectors` (through ``measures_in_force_on``) inside the
change list's own query, so the column costs no query per row. A measure's ``suspends`` set
is checked by :func:`apps.controls.services.measure_validate_suspends`, as in the API and the
seed loader.

Restricted entities are listed on the measure's page; their citations are edited on the
restriction's own page (Django has no nested inlines), which each row links to.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from apps.controls.models import (
    CategoryRestriction,
    ControlMeasure,
    ControlMeasureCitation,
    ElementControl,
    EntityRestriction,
    EntityRestrictionCitation,
    SuspendedClause,
)
from apps.controls.querysets import ControlMeasureQuerySet
from apps.controls.resources import (
    CategoryRestrictionResource,
    ControlMeasureResource,
    ElementControlResource,
    EntityRestrictionResource,
    SuspendedClauseResource,
)
from apps.controls.selectors import measures_in_force_on, restricted_entity_ids
from apps.controls.services import measure_validate_suspends
from apps.core.admin import (
    COMPACT_TEXTAREA,
    CountryInUseFilter,
    CuratedModelAdmin,
    VersionedModelForm,
    admin_link,
    citation_inline,
)
from apps.entities.admin import EntityAdmin
from apps.entities.models import Entity


def with_in_force_today(queryset: ControlMeasureQuerySet) -> ControlMeasureQuerySet:
    """Annotate ``in_force`` for today, in the same query, by the selector's rule.

    An ``EXISTS`` over ``measures_in_force_on`` rather than ``measures_with_in_force``: the
    latter puts the suspension rule's negated many-to-many condition inside ``CASE WHEN``,
    where Django joins the suspensions table instead of using a subquery, so a measure named
    by two suspensions would appear twice, once "in force" and once not.
    """
    in_force = measures_in_force_on(timezone.localdate()).filter(pk=OuterRef("pk"))
    return queryset.annotate(in_force=Exists(in_force))


class InForceTodayFilter(admin.SimpleListFilter):
    title = "in force today"
    parameter_name = "in_force_today"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        if self.value() == "yes":
            return measures_in_force_on(today, queryset)
        if self.value() == "no":
            return queryset.exclude(pk__in=measures_in_force_on(today).values("pk"))
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
            "effective_from_confidence",
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


#: A clause is a short label ("1", "2"): a narrow box leaves room for the rest of the row.
CLAUSE_WIDGET = forms.TextInput(attrs={"size": 4})


class ClauseRowInline(admin.TabularInline):
    """An inline of a measure's rows, each of which may belong to a clause."""

    extra = 0
    formfield_overrides = {models.TextField: {"widget": COMPACT_TEXTAREA}}

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "clause":
            kwargs["widget"] = CLAUSE_WIDGET
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ElementControlInline(ClauseRowInline):
    model = ElementControl
    fields = ("element", "item", "clause", "scope", "note")
    autocomplete_fields = ("element",)


class CategoryRestrictionInline(ClauseRowInline):
    """Rules that restrict without naming anyone: by destination, end-user category, end use."""

    model = CategoryRestriction
    fields = ("clause", "destination_country", "end_user_category", "end_use", "note")


class SuspendedClauseInline(admin.TabularInline):
    """For a suspension that suspends only some clauses of a measure it lists."""

    model = SuspendedClause
    fk_name = "suspension"
    fields = ("measure", "clause")
    autocomplete_fields = ("measure",)
    extra = 0
    verbose_name = "suspended clause (only these clauses of the measure are suspended)"


class EntityRestrictionInline(ClauseRowInline):
    model = EntityRestriction
    fields = ("entity", "clause", "note", "citations_link")
    readonly_fields = ("citations_link",)
    autocomplete_fields = ("entity",)

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
        CategoryRestrictionInline,
        SuspendedClauseInline,
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
    list_display = ("element", "item", "clause", "measure_link", "scope")
    list_filter = ("measure__kind", "element__is_rare_earth")
    list_select_related = ("element", "measure")
    search_fields = (
        "element__symbol",
        "element__name",
        "item",
        "measure__reference",
        "measure__title",
    )
    autocomplete_fields = ("measure", "element")
    history_list_display = ["scope"]

    @admin.display(description="measure", ordering="measure__reference")
    def measure_link(self, control: ElementControl) -> str:
        return admin_link(control.measure)


@admin.register(CategoryRestriction)
class CategoryRestrictionAdmin(CuratedModelAdmin):
    resource_classes = [CategoryRestrictionResource]
    list_display = (
        "measure_link",
        "clause",
        "destination_country",
        "end_user_category",
        "end_use",
        "note",
    )
    list_filter = ("end_user_category", "end_use", ("destination_country", CountryInUseFilter))
    list_select_related = ("measure",)
    search_fields = ("measure__reference", "measure__title", "note")
    autocomplete_fields = ("measure",)
    history_list_display = ["clause", "destination_country", "end_user_category", "end_use"]

    @admin.display(description="measure", ordering="measure__reference")
    def measure_link(self, rule: CategoryRestriction) -> str:
        return admin_link(rule.measure)


@admin.register(SuspendedClause)
class SuspendedClauseAdmin(CuratedModelAdmin):
    resource_classes = [SuspendedClauseResource]
    list_display = ("suspension", "measure", "clause")
    list_select_related = ("suspension", "measure")
    search_fields = ("suspension__reference", "measure__reference", "clause")
    autocomplete_fields = ("suspension", "measure")
    history_list_display = ["clause"]


class RestrictedTodayFilter(admin.SimpleListFilter):
    title = "restricted today"
    parameter_name = "restricted_today"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() not in ("yes", "no"):
            return queryset
        ids = restricted_entity_ids(on=timezone.localdate())
        return (
            queryset.filter(pk__in=ids) if self.value() == "yes" else queryset.exclude(pk__in=ids)
        )


admin.site.unregister(Entity)


@admin.register(Entity)
class RestrictionAwareEntityAdmin(EntityAdmin):
    """The entities admin with what this app knows: whether an entity is restricted today,
    by listing or by a category rule (its country and end-user category), by the same rule as
    the API's ``restricted`` filter and exposure."""

    # Next to the country, so it shows on a 1400-pixel screen without scrolling.
    list_display = (  # type: ignore[assignment]
        "name",
        "kind",
        "country",
        "end_user_category",
        "restricted_today",
        "parent",
        "slug",
    )
    list_filter = (RestrictedTodayFilter, *EntityAdmin.list_filter)  # type: ignore[assignment]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Entity]:
        ids = restricted_entity_ids(on=timezone.localdate())
        return (
            super()
            .get_queryset(request)
            .annotate(
                restricted=models.Case(
                    models.When(pk__in=ids, then=models.Value(True)),
                    default=models.Value(False),
                    output_field=models.BooleanField(),
                )
            )
        )

    @admin.display(description="restricted today", boolean=True, ordering="restricted")
    def restricted_today(self, entity: Entity) -> bool:
        return entity.restricted  # type: ignore[attr-defined]
