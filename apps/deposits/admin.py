"""Admin for deposits and resource estimates.

An estimate may cover several deposits (``ResourceEstimate.deposits``), so it is edited on
its own page; a deposit's page lists the estimates that cover it, each linking there, and can
link or unlink an existing estimate.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from apps.core.admin import (
    TIMESTAMP_FIELDS,
    CountryInUseFilter,
    CuratedModelAdmin,
    admin_link,
    citation_inline,
)
from apps.deposits.models import (
    Deposit,
    DepositCitation,
    ResourceEstimate,
    ResourceEstimateCitation,
)
from apps.deposits.resources import DepositResource, ResourceEstimateResource

DepositEstimateLink = ResourceEstimate.deposits.through


class DepositEstimateInline(admin.TabularInline):
    """Estimates covering a deposit: read-mostly, each linking to the estimate's own page."""

    model = DepositEstimateLink
    fk_name = "deposit"
    fields = ("resourceestimate", "estimate_link", "estimate_source")
    readonly_fields = ("estimate_link", "estimate_source")
    autocomplete_fields = ("resourceestimate",)
    extra = 0
    verbose_name = "resource estimate"
    verbose_name_plural = "resource estimates (edit figures on the estimate's own page)"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("resourceestimate__source")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A link is added or removed, never repointed: figures are edited on the estimate.
        return False

    @admin.display(description="estimate")
    def estimate_link(self, link: Any) -> str:
        return admin_link(getattr(link, "resourceestimate", None))

    @admin.display(description="source")
    def estimate_source(self, link: Any) -> str:
        estimate = getattr(link, "resourceestimate", None)
        return str(estimate.source) if estimate is not None else "-"


@admin.register(Deposit)
class DepositAdmin(CuratedModelAdmin):
    resource_classes = [DepositResource]
    list_display = (
        "name",
        "country",
        "region",
        "deposit_type",
        "status",
        "element_symbols",
        "operator",
        "announced_on",
    )
    list_filter = (
        "status",
        "deposit_type",
        ("country", CountryInUseFilter),
        ("elements", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("operator",)
    search_fields = ("name", "slug", "locality", "region", "operator__name")
    date_hierarchy = "announced_on"
    autocomplete_fields = ("operator", "elements")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [DepositEstimateInline, citation_inline(DepositCitation)]
    history_list_display = ["name", "status", "region"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Deposit]:
        return super().get_queryset(request).prefetch_related("elements")

    @admin.display(description="elements")
    def element_symbols(self, deposit: Deposit) -> str:
        return ", ".join(element.symbol for element in deposit.elements.all())


@admin.register(ResourceEstimate)
class ResourceEstimateAdmin(CuratedModelAdmin):
    resource_classes = [ResourceEstimateResource]
    list_display = (
        "slug",
        "deposit_names",
        "quantity",
        "unit",
        "material",
        "category",
        "grade_percent",
        "quantity_tonnes",
        "as_of",
        "source",
    )
    list_filter = ("category", "material", "unit")
    list_select_related = ("source",)
    search_fields = ("slug", "deposits__name", "deposits__slug", "source__title", "material")
    date_hierarchy = "as_of"
    autocomplete_fields = ("deposits", "source")
    readonly_fields = ("quantity_tonnes", *TIMESTAMP_FIELDS)
    inlines = [citation_inline(ResourceEstimateCitation)]
    history_list_display = ["quantity", "unit", "category", "as_of"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ResourceEstimate]:
        return super().get_queryset(request).prefetch_related("deposits")

    @admin.display(description="deposits")
    def deposit_names(self, estimate: ResourceEstimate) -> str:
        return ", ".join(deposit.name for deposit in estimate.deposits.all())
