"""Admin for the periodic table: read-mostly reference data.

Curators hold only the view permission on elements (see :mod:`apps.core.groups`), so the
pages are read-only for them and the add, delete and import buttons are absent; superusers
may edit. The symbol is the primary key, so it cannot be changed once saved.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from apps.core.admin import CuratedModelAdmin, citation_inline
from apps.elements.models import Element, ElementCitation
from apps.elements.resources import ElementResource


@admin.register(Element)
class ElementAdmin(CuratedModelAdmin):
    resource_classes = [ElementResource]
    list_display = ("symbol", "name", "atomic_number", "is_rare_earth", "ree_group")
    list_display_links = ("symbol", "name")
    list_filter = ("is_rare_earth", "ree_group")
    search_fields = ("symbol", "name")
    ordering = ("atomic_number",)
    list_per_page = 120  # the whole table on one page
    inlines = [citation_inline(ElementCitation)]
    history_list_display = ["name", "is_rare_earth", "ree_group"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        return (*readonly, "symbol") if obj is not None else readonly
