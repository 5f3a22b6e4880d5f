"""The change feed in the admin: read-only, for looking up what changed and when."""

from django.contrib import admin
from django.http import HttpRequest

from apps.changes.models import ChangeEvent


@admin.register(ChangeEvent)
class ChangeEventAdmin(admin.ModelAdmin):
    list_display = ("id", "at", "action", "resource", "object_id", "changed_fields")
    list_filter = ("action", "resource")
    search_fields = ("object_id",)
    date_hierarchy = "at"
    list_per_page = 100

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
