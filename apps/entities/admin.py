"""Admin for entities (with their aliases and citations inline) and for aliases alone."""

from django.contrib import admin

from apps.core.admin import CountryInUseFilter, CuratedModelAdmin, admin_link, citation_inline
from apps.entities.models import Entity, EntityAlias, EntityCitation
from apps.entities.resources import EntityAliasResource, EntityResource


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    fields = ("name", "kind")
    extra = 0


@admin.register(Entity)
class EntityAdmin(CuratedModelAdmin):
    resource_classes = [EntityResource]
    list_display = ("name", "kind", "country", "end_user_category", "parent", "slug")
    list_filter = ("kind", "end_user_category", ("country", CountryInUseFilter))
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "aliases__name")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [EntityAliasInline, citation_inline(EntityCitation)]
    history_list_display = ["name", "kind", "country"]


@admin.register(EntityAlias)
class EntityAliasAdmin(CuratedModelAdmin):
    resource_classes = [EntityAliasResource]
    list_display = ("name", "kind", "entity_link")
    list_filter = ("kind",)
    list_select_related = ("entity",)
    search_fields = ("name", "entity__name", "entity__slug")
    autocomplete_fields = ("entity",)
    history_list_display = ["name", "kind"]

    @admin.display(description="entity", ordering="entity__name")
    def entity_link(self, obj: EntityAlias) -> str:
        return admin_link(obj.entity)
