"""Writing a record together with its many-to-many sets and nested parts, as one change.

The seed loader and the API both write through :func:`record_apply`, so a record is
validated the same way (``full_clean``: field validators, check and unique constraints,
``clean``) whichever door it comes in by, and nothing is saved when nothing changed (no
spurious history rows, stable ``updated_at``).

Nested parts (citations, aliases, parties, controlled elements, restrictions) are small
lists owned by their record; when the wanted list differs from the stored one they are
replaced as a whole. Any change to them or to a many-to-many set also saves the record
itself, so its ``updated_at``, ETag and history move with its parts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from apps.core.parts import writing_record


@dataclass(frozen=True)
class NestedPart:
    """A list of child rows owned by a record, e.g. a deposit's citations."""

    accessor: str  # related name on the parent: "citations"
    parent_field: str  # the child's foreign key to the parent: "deposit"
    fields: tuple[str, ...]  # child fields compared and written, FKs as their name: "source"
    parts: tuple[NestedPart, ...] = field(default=())  # nested lists of the child


CITATIONS_FIELDS = ("source", "confidence", "note")


def citations(parent_field: str) -> NestedPart:
    """The citations part of a record whose citation model points back by ``parent_field``."""
    return NestedPart("citations", parent_field, CITATIONS_FIELDS)


def _errors_under(prefix: str, error: ValidationError) -> ValidationError:
    """Re-key a model's field errors under ``prefix`` (``citations.1.source``)."""
    if hasattr(error, "error_dict"):
        return ValidationError(
            {
                (prefix if name == NON_FIELD_ERRORS else f"{prefix}.{name}"): messages
                for name, messages in error.error_dict.items()
            }
        )
    return ValidationError({prefix: error.messages})


def _comparable(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def _stored_value(instance: models.Model, name: str) -> Any:
    """A field's current value, a foreign key as its id (no query, and no error when unset)."""
    model_field = instance._meta.get_field(name)
    assert isinstance(model_field, models.Field), f"{name} is not a concrete field"
    return getattr(instance, model_field.attname)


def _stored_rows(parent: models.Model, part: NestedPart) -> list[dict[str, Any]]:
    rows = []
    for child in getattr(parent, part.accessor).all().order_by("pk"):
        row: dict[str, Any] = {}
        for name in part.fields:
            concrete = child._meta.get_field(name)
            row[name] = getattr(child, concrete.attname)
        for sub in part.parts:
            row[sub.accessor] = _stored_rows(child, sub)
        rows.append(row)
    return rows


def _wanted_rows(rows: Sequence[Mapping[str, Any]], part: NestedPart) -> list[dict[str, Any]]:
    return [
        {
            **{name: _comparable(row.get(name, "")) for name in part.fields},
            **{sub.accessor: _wanted_rows(row.get(sub.accessor, []), sub) for sub in part.parts},
        }
        for row in rows
    ]


def _create_rows(
    parent: models.Model, part: NestedPart, rows: Sequence[Mapping[str, Any]], prefix: str
) -> None:
    model = getattr(parent, part.accessor).model
    for index, row in enumerate(rows):
        child = model(**{part.parent_field: parent}, **{n: row[n] for n in part.fields if n in row})
        path = f"{prefix}{part.accessor}.{index}"
        try:
            # The parent is saved and the old rows are gone, so the constraints over the
            # parent (one alias name per entity, one party per role) also check the rows
            # written just before this one, and a duplicate is named by its place.
            child.full_clean(exclude=[part.parent_field], validate_constraints=False)
            child.validate_constraints()
        except ValidationError as error:
            raise _errors_under(path, error) from error
        child.save()
        for sub in part.parts:
            _create_rows(child, sub, row.get(sub.accessor, []), f"{path}.")


@dataclass(frozen=True)
class RecordChanges:
    """What writing some wanted values would change on a record (nothing is written)."""

    fields: dict[str, Any]
    many: dict[str, Sequence[models.Model]]
    parts: dict[NestedPart, Sequence[Mapping[str, Any]]]

    def __bool__(self) -> bool:
        return bool(self.fields or self.many or self.parts)

    @property
    def names(self) -> list[str]:
        """Field, set and part names that differ, e.g. ``["latitude", "citations"]``."""
        return [*self.fields, *self.many, *(part.accessor for part in self.parts)]


def record_changes(
    *,
    instance: models.Model,
    values: Mapping[str, Any],
    many: Mapping[str, Sequence[models.Model]] | None = None,
    parts: Mapping[NestedPart, Sequence[Mapping[str, Any]]] | None = None,
) -> RecordChanges:
    """Compare wanted values, sets and parts with what ``instance`` holds (a new record
    differs in everything)."""
    many = many or {}
    parts = parts or {}
    is_new = instance.pk is None
    return RecordChanges(
        fields={
            name: value
            for name, value in values.items()
            if is_new or _stored_value(instance, name) != _comparable(value)
        },
        many={
            name: targets
            for name, targets in many.items()
            if is_new
            or {t.pk for t in targets} != set(getattr(instance, name).values_list("pk", flat=True))
        },
        parts={
            part: rows
            for part, rows in parts.items()
            if is_new or _stored_rows(instance, part) != _wanted_rows(rows, part)
        },
    )


def record_apply(
    *,
    instance: models.Model,
    values: Mapping[str, Any],
    many: Mapping[str, Sequence[models.Model]] | None = None,
    parts: Mapping[NestedPart, Sequence[Mapping[str, Any]]] | None = None,
) -> bool:
    """Set ``values``, many-to-many sets and nested parts on ``instance``; save what changed.

    Call inside a transaction: a validation error part-way leaves the caller to roll back.
    Returns whether anything was written. Errors are ``ValidationError``s keyed by field
    path (``region``, ``elements``, ``citations.0.source``).
    """
    changes = record_changes(instance=instance, values=values, many=many, parts=parts)
    if not (changes or instance.pk is None):
        return False
    for name, value in changes.fields.items():
        setattr(instance, name, value)

    instance.full_clean()
    # Read by the change feed: parts and sets are written after the history row is.
    instance._changed_relations = sorted(  # type: ignore[attr-defined]
        [*changes.many, *(part.accessor for part in changes.parts)]
    )
    instance.save()
    with writing_record(instance):
        for name, targets in changes.many.items():
            getattr(instance, name).set(targets)
        for part, rows in changes.parts.items():
            getattr(instance, part.accessor).all().delete()
            _create_rows(instance, part, rows, "")
    return True
