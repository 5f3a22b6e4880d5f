"""Admin for sources: the documents every citation points to (the autocomplete target)."""

from django.contrib import admin

from apps.core.admin import CuratedModelAdmin
from apps.sources.models import Source
from apps.sources.resources import SourceResource


@admin.register(Source)
class SourceAdmin(CuratedModelAdmin):
    resource_classes = [SourceResource]
    list_display = ("title", "publisher", "kind", "published_on", "slug")
    list_filter = ("kind", "published_on")
    search_fields = ("title", "slug", "publisher", "url")
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ("title",)}
    history_list_display = ["title", "kind", "published_on"]
