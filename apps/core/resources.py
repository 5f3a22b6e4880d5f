"""Import/export building blocks: natural-key widgets and the base resource of every model.

Files exchanged with curators name related records by natural key (``slug``, or ``symbol``
for elements), never by database id, so a file exported from one database imports into
another. The widgets here refuse an unknown key with a message naming it, where
django-import-export's own many-to-many widget would silently drop it.

:class:`NaturalKeyResource` makes every import all-or-nothing (one transaction, rolled back
on any invalid row, also when called outside the admin), runs the model's own validation
(``full_clean``: field validators, check and unique constraints, ``clean``) on every row, and
skips rows that change nothing, so re-importing an export writes no history.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from import_export import fields, resources, widgets
from tablib import Dataset


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the related record's natural key (``slug`` or ``symbol``)."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                f"No {self.model._meta.verbose_name} with {self.field} '{value}'."
            ) from None


class NaturalKeysWidget(widgets.ManyToManyWidget):
    """A many-to-many set written as comma-separated natural keys (``Dy,Tb``)."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> models.QuerySet:
        found = super().clean(value, row, **kwargs)
        if not value:
            return found
        wanted = {key.strip() for key in str(value).split(self.separator) if key.strip()}
        missing = sorted(wanted - {str(key) for key in found.values_list(self.field, flat=True)})
        if missing:
            raise ValueError(
                f"No {self.model._meta.verbose_name} with {self.field} {', '.join(missing)}."
            )
        return found


class BlankAsNullWidget(widgets.CharWidget):
    """A nullable text field (an optional country, a rare-earth group): empty means null."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str | None:
        cleaned = super().clean(value, row, **kwargs)
        return cleaned or None


def natural_key_field(name: str, model: type[models.Model], key: str = "slug") -> fields.Field:
    """A resource field for the foreign key ``name``, by the related model's natural key."""
    return fields.Field(attribute=name, column_name=name, widget=NaturalKeyWidget(model, key))


def natural_keys_field(name: str, model: type[models.Model], key: str = "slug") -> fields.Field:
    """A resource field for the many-to-many set ``name``, by natural keys."""
    return fields.Field(
        attribute=name, column_name=name, widget=NaturalKeysWidget(model, field=key)
    )


def nullable_text_field(name: str) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=BlankAsNullWidget())


class NaturalKeyResource(resources.ModelResource):
    """Base resource: natural keys, model validation, all-or-nothing, unchanged rows skipped.

    Subclasses set ``model``, ``fields`` and ``import_id_fields`` in their ``Meta`` (which
    inherits these options), and the ``select_related``/``prefetch_related`` an export
    needs in :attr:`export_select_related` / :attr:`export_prefetch_related`.
    """

    export_select_related: tuple[str, ...] = ()
    export_prefetch_related: tuple[str, ...] = ()

    class Meta:
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        return queryset.select_related(*self.export_select_related).prefetch_related(
            *self.export_prefetch_related
        )

    def import_data(
        self,
        dataset: Dataset,
        dry_run: bool = False,
        raise_errors: bool = False,
        use_transactions: bool | None = None,
        collect_failed_rows: bool = False,
        rollback_on_validation_errors: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Import ``dataset``; one invalid row rolls back every row (all-or-nothing)."""
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=use_transactions,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=rollback_on_validation_errors,
            **kwargs,
        )

    def import_instance(self, instance: models.Model, row: Any, **kwargs: Any) -> None:
        """Set the row's values; report bad many-to-many keys as field errors, not crashes.

        django-import-export only reads many-to-many columns after saving the record, where
        an unknown key would be a row crash (or, with its stock widget, silently dropped).
        """
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        many = self.many_values(row, errors)
        if not errors:
            try:
                self.validate_many(instance, many)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def many_values(
        self, row: Any, errors: dict[str, list[ValidationError]]
    ) -> dict[str, list[models.Model]]:
        """The related records each many-to-many column of ``row`` names; bad keys to errors."""
        values: dict[str, list[models.Model]] = {}
        for field in self.get_import_fields():
            if not isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            if field.column_name not in row:
                continue
            try:
                values[field.attribute] = list(field.clean(row))
            except ValueError as error:
                errors.setdefault(field.attribute, []).append(
                    ValidationError(str(error), code="invalid")
                )
        return values

    def validate_many(self, instance: models.Model, many: dict[str, list[models.Model]]) -> None:
        """Hook for rules over the record and its many-to-many sets (columns present in the
        row only); raise ``ValidationError`` keyed by field to refuse the row."""
