"""Loading the curated dataset in seeds/ (see seeds/README.md for the file format).

Each app that owns seeded data has a ``seeds.py`` declaring ``SEED_FILES``. The loader reads
a record's plain fields, resolves foreign keys and many-to-many lists by the related model's
natural key (``slug``, or ``symbol`` for elements), and writes through
:func:`apps.core.services.record_apply`, so seeds meet exactly the admin's and the API's
validation. Everything runs in one transaction; the first bad value stops the load with a
message naming the file, the record and the field.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils.module_loading import module_has_submodule

from apps.core.services import NestedPart, record_apply

CITATIONS_FIELDS = ("source", "confidence", "note")


def citations(parent_field: str) -> NestedPart:
    """The citations part of a record whose citation model points back by ``parent_field``."""
    return NestedPart("citations", parent_field, CITATIONS_FIELDS)


def natural_key_field(model: type[models.Model]) -> str:
    return getattr(model, "natural_key_field", "slug")


@dataclass(frozen=True)
class SeedFile:
    """One YAML file of records of one model, with the nested parts each record owns."""

    filename: str
    model: type[models.Model]
    parts: tuple[NestedPart, ...] = ()
    validate: Callable[[Mapping[str, Any], Mapping[str, Sequence[models.Model]]], None] | None = (
        field(default=None)
    )


class SeedError(Exception):
    """A seed value was refused; the message names the file, the record and the field."""

    def __init__(self, filename: str, record: str, field_path: str, messages: list[str]) -> None:
        self.filename, self.record, self.field_path = filename, record, field_path
        super().__init__(
            f"{filename}: record '{record}': field '{field_path}': {' '.join(messages)}"
        )


def seed_files() -> Iterator[SeedFile]:
    """Every app's SEED_FILES, in INSTALLED_APPS (that is, dependency) order."""
    for config in apps.get_app_configs():
        if config.name.startswith("apps.") and module_has_submodule(config.module, "seeds"):
            yield from importlib.import_module(f"{config.name}.seeds").SEED_FILES


def _resolve(model: type[models.Model], key: Any, path: str) -> models.Model:
    key_field = natural_key_field(model)
    try:
        return model._default_manager.get(**{key_field: key})
    except (ObjectDoesNotExist, ValueError, TypeError):  # model.DoesNotExist and the like
        raise ValidationError(
            {path: f"No {model._meta.verbose_name} with {key_field} '{key}'."}
        ) from None


def _related_model(model_field: models.Field[Any, Any]) -> type[models.Model]:
    """The model a relation field points to (always set on a relation once apps are loaded)."""
    related_model = model_field.related_model
    assert related_model is not None, model_field
    return related_model


def _field_value(model: type[models.Model], name: str, raw: Any, path: str) -> Any:
    """A YAML value converted the way a form would: FK by natural key, others by to_python."""
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        raise ValidationError({path: f"Unknown field '{name}'."}) from None
    if not isinstance(model_field, models.Field):  # a reverse relation: not a seedable field
        raise ValidationError({path: f"Unknown field '{name}'."})
    if model_field.many_to_one or model_field.one_to_one:
        return None if raw is None else _resolve(_related_model(model_field), raw, path)
    if raw is None and not model_field.null:
        raw = "" if isinstance(model_field, models.CharField | models.TextField) else raw
    if isinstance(raw, float):
        raw = str(raw)  # YAML floats: keep the written digits, not the binary expansion
    try:
        return model_field.to_python(raw)
    except ValidationError as error:
        raise ValidationError({path: error.messages}) from None


def _nested_rows(
    model: type[models.Model], part: NestedPart, rows: Any, prefix: str
) -> list[dict[str, Any]]:
    child_model = getattr(model, part.accessor).rel.related_model
    if rows is None:
        rows = []
    if not isinstance(rows, list):
        raise ValidationError({prefix: "Expected a list."})
    resolved = []
    for index, row in enumerate(rows):
        path = f"{prefix}.{index}"
        if not isinstance(row, dict):
            raise ValidationError({path: "Expected a mapping."})
        allowed = set(part.fields) | {sub.accessor for sub in part.parts}
        unknown = sorted(set(row) - allowed)
        if unknown:
            raise ValidationError({f"{path}.{unknown[0]}": "Unknown field."})
        item = {
            name: _field_value(child_model, name, row[name], f"{path}.{name}")
            for name in part.fields
            if name in row
        }
        for sub in part.parts:
            item[sub.accessor] = _nested_rows(
                child_model, sub, row.get(sub.accessor), f"{path}.{sub.accessor}"
            )
        resolved.append(item)
    return resolved


def seed_record(spec: SeedFile, raw: Mapping[str, Any]) -> bool:
    """Upsert one record by its natural key; return whether anything was written."""
    model = spec.model
    key_field = natural_key_field(model)
    part_names = {part.accessor: part for part in spec.parts}
    values: dict[str, Any] = {}
    many: dict[str, list[models.Model]] = {}
    for name, raw_value in raw.items():
        if name in part_names:
            continue
        try:
            model_field = model._meta.get_field(name)
        except Exception:
            raise ValidationError({name: "Unknown field."}) from None
        if not isinstance(model_field, models.Field):  # a reverse relation: not a seedable field
            raise ValidationError({name: "Unknown field."})
        if model_field.many_to_many and not model_field.auto_created:
            if not isinstance(raw_value, list):
                raise ValidationError({name: "Expected a list."})
            many[name] = [_resolve(_related_model(model_field), key, name) for key in raw_value]
        elif (model_field.concrete and not model_field.auto_created) or model_field.primary_key:
            values[model_field.name] = _field_value(model, name, raw_value, name)
        else:
            raise ValidationError({name: "Unknown field."})
    nested = {
        part: _nested_rows(model, part, raw.get(part.accessor), part.accessor)
        for part in spec.parts
    }
    if spec.validate:
        spec.validate(values, many)
    instance = model._default_manager.filter(**{key_field: values.get(key_field)}).first()
    return record_apply(
        instance=instance or model(),
        values=values,
        many=many,
        parts=nested,
    )


@dataclass
class SeedReport:
    written: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)


def seed_load(*, directory: Path) -> SeedReport:
    """Load every seed file in ``directory`` in one transaction; all or nothing."""
    report = SeedReport()
    with transaction.atomic():
        for spec in seed_files():
            path = directory / spec.filename
            try:
                records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            except (OSError, yaml.YAMLError) as error:
                raise SeedError(spec.filename, "-", "-", [str(error)]) from error
            if not isinstance(records, list):
                raise SeedError(spec.filename, "-", "-", ["Expected a list of records."])
            key_field = natural_key_field(spec.model)
            seen: set[Any] = set()
            written = 0
            for index, raw in enumerate(records):
                name = (
                    str(raw.get(key_field, f"#{index}")) if isinstance(raw, dict) else f"#{index}"
                )
                if not isinstance(raw, dict):
                    raise SeedError(spec.filename, name, "-", ["Expected a mapping."])
                if raw.get(key_field) in seen:
                    raise SeedError(
                        spec.filename, name, key_field, ["Duplicate natural key in this file."]
                    )
                seen.add(raw.get(key_field))
                try:
                    written += seed_record(spec, raw)
                except ValidationError as error:
                    field_path, messages = _first_error(error)
                    raise SeedError(spec.filename, name, field_path, messages) from error
            report.written[spec.filename] = written
            report.unchanged[spec.filename] = len(records) - written
    return report


def _first_error(error: ValidationError) -> tuple[str, list[str]]:
    if hasattr(error, "error_dict"):
        name, errors = next(iter(error.error_dict.items()))
        return name, [message for e in errors for message in e.messages]
    return "-", error.messages
