"""Admin for agreements (parties and citations inline) and for agreement parties alone."""

from django.contrib import admin
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from apps.agreements.models import Agreement, AgreementCitation, AgreementParty
from apps.agreements.resources import AgreementPartyResource, AgreementResource
from apps.core.admin import CuratedModelAdmin, admin_link, citation_inline


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    fields = ("entity", "role")
    autocomplete_fields = ("entity",)
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(CuratedModelAdmin):
    resource_classes = [AgreementResource]
    list_display = (
        "title",
        "kind",
        "status",
        "party_names",
        "signed_on",
        "effective_from",
        "effective_to",
        "parent",
    )
    list_filter = ("kind", "status", "signed_on")
    list_select_related = ("parent",)
    search_fields = ("title", "slug", "summary", "parties__entity__name")
    date_hierarchy = "signed_on"
    autocomplete_fields = ("parent", "elements", "deposits")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [AgreementPartyInline, citation_inline(AgreementCitation)]
    history_list_display = ["title", "status", "signed_on"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Agreement]:
        parties = AgreementParty.objects.select_related("entity")
        return super().get_queryset(request).prefetch_related(Prefetch("parties", queryset=parties))

    @admin.display(description="parties")
    def party_names(self, agreement: Agreement) -> str:
        return ", ".join(party.entity.name for party in agreement.parties.all())


@admin.register(AgreementParty)
class AgreementPartyAdmin(CuratedModelAdmin):
    resource_classes = [AgreementPartyResource]
    list_display = ("entity", "role", "agreement_link")
    list_filter = ("role", "agreement__kind")
    list_select_related = ("entity", "agreement")
    search_fields = ("entity__name", "entity__slug", "agreement__title", "agreement__slug")
    autocomplete_fields = ("agreement", "entity")
    history_list_display = ["role"]

    @admin.display(description="agreement", ordering="agreement__title")
    def agreement_link(self, party: AgreementParty) -> str:
        return admin_link(party.agreement)
