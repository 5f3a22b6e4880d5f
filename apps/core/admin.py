"""Admin building blocks every app shares: the curated-model admin and the citation inline.

:class:`CuratedModelAdmin` is the base of every curated model's admin. It combines
django-simple-history's ``SimpleHistoryAdmin`` (a history page with diffs and who made each
change) with django-import-export's ``ImportExportModelAdmin`` (CSV, XLSX and JSON by natural
key), shows the timestamps read-only, and ties import and export to the model permissions so
that a curator who may only view a model (elements) may export it but not import into it.

Citations are edited the same way on every record: :func:`citation_inline` builds the inline
for a concrete ``<Model>Citation`` class, with an autocomplete on the source.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from apps.core.deletion import blocking_references
from apps.core.models import Citation
from apps.core.parts import writing_record

#: Read-only on every curated model: set by the database layer, never by a curator.
TIMESTAMP_FIELDS: tuple[str, ...] = ("created_at", "updated_at")

#: A short textarea for notes inside tabular inlines.
COMPACT_TEXTAREA = forms.Textarea(attrs={"rows": 2, "cols": 50})


def admin_change_url(obj: models.Model) -> str:
    """The admin change page of ``obj``."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def admin_link(obj: models.Model | None, text: object = None) -> str:
    """An HTML link to ``obj``'s admin change page ("-" when there is no saved object)."""
    if obj is None or obj.pk is None:
        return "-"
    return format_html('<a href="{}">{}</a>', admin_change_url(obj), obj if text is None else text)


#: The hidden form field carrying the version of the record the curator opened.
VERSION_FIELD = "record_version"
STALE_MESSAGE = (
    "This record was changed (by another curator or through the API) after you opened this "
    "page, so your changes were not saved. Reload the page to see the current version, then "
    "make your changes again."
)


def record_version(instance: models.Model) -> str:
    """The version a form was opened on: the record's ``updated_at``, which moves with every
    change to the record or its parts (API, seeds and admin all save the record)."""
    updated_at = getattr(instance, "updated_at", None)
    return updated_at.isoformat() if updated_at else ""


class VersionedModelForm(forms.ModelForm):
    """Refuses to save over a change made after the form was opened (no silent overwrite).

    The admin saves inside a transaction; the version is re-read under the row lock, so a
    concurrent API write either lands before the check (and the form is refused) or waits.
    """

    record_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = record_version(self.instance)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is not None:
            model = type(self.instance)
            current = (
                model._default_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            submitted = cleaned.get(VERSION_FIELD) or ""
            if current is not None and submitted != current.isoformat():
                raise forms.ValidationError(STALE_MESSAGE, code="stale")
        return cleaned


class CuratedModelAdmin(SimpleHistoryAdmin, ImportExportModelAdmin):
    """History with diffs, import/export by natural key, read-only timestamps.

    Saving follows the services' rule: nothing is written when nothing changed, and a
    change to an inline (a citation, an alias) also saves the record it belongs to.

    ``SimpleHistoryAdmin`` comes first so its history view replaces Django's; both classes
    call ``super()`` in ``get_urls`` and neither sets the change list template the other
    needs, so the change list shows the import/export buttons and the change form the
    history button.
    """

    form = VersionedModelForm
    formats = (base_formats.CSV, base_formats.XLSX, base_formats.JSON)
    readonly_fields: tuple[str, ...] = TIMESTAMP_FIELDS
    list_per_page = 50
    view_on_site = False
    save_on_top = True
    # Addresses typed without a scheme are taken as https (Django 6's default, today).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        """List the records a delete would quietly change as protected (see
        apps/core/deletion.py), so the delete page refuses instead of failing."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            for blocking in blocking_references(obj):
                protected.append(f"{capfirst(blocking._meta.verbose_name)}: {blocking}")
        return deleted, counts, perms_needed, protected

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        """Make sure the hidden version field is rendered, whatever the fieldsets say."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        return [*fieldsets, (None, {"fields": [VERSION_FIELD], "classes": ["hidden"]})]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Save only what changed, as :func:`apps.core.services.record_apply` does.

        Submitting an unchanged page writes nothing: no history row, and ``updated_at`` (so
        the API's ETag and the change feed) stays put.
        """
        if change and not form.has_changed():
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Save inlines; a change to a record's parts also saves the record itself.

        As in :mod:`apps.core.services`, a record moves with its parts (citations, aliases,
        parties...): its ``updated_at``, ETag and history record the change.
        """
        with writing_record(form.instance):
            super().save_related(request, form, formsets, change)
        if change and not form.has_changed() and any(fs.has_changed() for fs in formsets):
            form.instance._history_user = request.user
            form.instance.save()

    def has_import_permission(self, request: HttpRequest) -> bool:
        """An import creates and changes records, so it needs both permissions."""
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)


class CountryInUseFilter(admin.FieldListFilter):
    """Filter by country, offering only the countries that occur, also across a relation.

    django-countries' own filter only works on the model's own field; this one also takes a
    path such as ``authority__country``.
    """

    def __init__(
        self,
        field: Any,
        request: HttpRequest,
        params: dict[str, Any],
        model: type[models.Model],
        model_admin: admin.ModelAdmin,
        field_path: str,
    ) -> None:
        self.lookup_kwarg = field_path
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = field_path.replace("__", " ")

    def expected_parameters(self) -> list[str | None]:
        return [self.lookup_kwarg]

    def choices(self, changelist: Any) -> Iterator[Any]:
        # Django 5 keeps each used parameter as a list of values.
        selected: list[str] = cast(list[str], self.used_parameters.get(self.lookup_kwarg) or [])
        yield {
            "selected": not selected,
            "query_string": changelist.get_query_string(remove=[self.lookup_kwarg]),
            "display": "All",
        }
        in_use = set(
            changelist.model._default_manager.order_by()
            .values_list(self.lookup_kwarg, flat=True)
            .distinct()
        )
        for code, name in self.field.get_choices(include_blank=False):
            if code in in_use:
                yield {
                    "selected": code in selected,
                    "query_string": changelist.get_query_string({self.lookup_kwarg: code}),
                    "display": name,
                }


class CitationInline(admin.TabularInline):
    """The citations of a record: source (autocomplete), confidence and note."""

    fields = ("source", "confidence", "note")
    autocomplete_fields = ("source",)
    extra = 0
    verbose_name = "citation"
    verbose_name_plural = "citations"
    formfield_overrides = {models.TextField: {"widget": COMPACT_TEXTAREA}}


def citation_inline(citation_model: type[Citation]) -> type[CitationInline]:
    """The citation inline for one concrete citation model, e.g. ``DepositCitation``."""
    attrs: dict[str, Any] = {"model": citation_model, "__module__": citation_model.__module__}
    return type(f"{citation_model.__name__}Inline", (CitationInline,), attrs)
