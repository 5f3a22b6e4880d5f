"""Loaded records, read-only: what the seeds and importers last wrote, for curators to check.

Deleting one makes its loader treat the record as one it never wrote (a conflict when it
differs from the entry, unless only loaders ever changed it).
"""

from django.contrib import admin
from django.http import HttpRequest

from apps.provenance.models import LoadedRecord


@admin.register(LoadedRecord)
class LoadedRecordAdmin(admin.ModelAdmin):
    list_display = ("key", "model_label", "dataset", "object_id", "record_version", "loaded_at")
    list_filter = ("dataset", "model_label")
    search_fields = ("key",)
    date_hierarchy = "loaded_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
