"""Loading the curated dataset in seeds/ (see seeds/README.md for the file format).

Each app that owns seeded data has a ``seeds.py`` declaring ``SEED_FILES``. The loader reads
a record's plain fields, resolves foreign keys and many-to-many lists by the related model's
natural key (``slug``, or ``symbol`` for elements), and writes through
:func:`apps.core.services.record_apply`, so seeds meet exactly the admin's and the API's
validation. Everything runs in one transaction; the first bad value stops the load with a
message naming the file, the record and the field.

Seeds and curators share the records: which entries are applied, and which are left to the
curator and reported, is decided by :mod:`apps.provenance.services`.
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

from apps.core.services import NestedPart, RecordChanges, record_apply, record_changes
from apps.provenance.services import (
    LoadedRecords,
    Outcome,
    Step,
    entry_hash,
    load_step,
    written_by_loaders_only,
)

#: The dataset name under which seeds remember what they wrote.
SEEDS = "seeds"


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


class MissingReference(ValidationError):
    """An entry names a record that does not exist."""

    def __init__(self, model: type[models.Model], key: Any, path: str) -> None:
        self.model, self.key, self.path = model, key, path
        key_field = natural_key_field(model)
        super().__init__({path: f"No {model._meta.verbose_name} with {key_field} '{key}'."})


def _resolve(model: type[models.Model], key: Any, path: str) -> models.Model:
    key_field = natural_key_field(model)
    try:
        return model._default_manager.get(**{key_field: key})
    except (ObjectDoesNotExist, ValueError, TypeError):  # model.DoesNotExist and the like
        raise MissingReference(model, key, path) from None


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


@dataclass(frozen=True)
class Wanted:
    """A seed entry resolved into what :func:`record_apply` takes."""

    values: dict[str, Any]
    many: dict[str, list[models.Model]]
    parts: dict[NestedPart, list[dict[str, Any]]]

    def changes(self, instance: models.Model) -> RecordChanges:
        return record_changes(
            instance=instance, values=self.values, many=self.many, parts=self.parts
        )

    def apply(self, instance: models.Model) -> bool:
        return record_apply(instance=instance, values=self.values, many=self.many, parts=self.parts)


def seed_resolve(spec: SeedFile, raw: Mapping[str, Any]) -> Wanted:
    """Resolve one entry's fields, natural-key references and parts; validate it."""
    model = spec.model
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
    return Wanted(values, many, nested)


@dataclass(frozen=True)
class Notice:
    """A seed entry left alone because of a curator, and why."""

    filename: str
    key: str
    reason: str

    def __str__(self) -> str:
        return f"{self.filename}: '{self.key}': {self.reason}"


@dataclass
class SeedReport:
    """Per file, how many entries had each outcome; and every entry left to a curator."""

    counts: dict[str, dict[Outcome, int]] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    #: Natural keys, per model label, of seeded records a curator deleted.
    withheld: dict[str, set[str]] = field(default_factory=dict)

    def summary(self, filename: str) -> str:
        counts = self.counts[filename]
        return f"{filename}: " + ", ".join(f"{counts[o]} {o.value}" for o in Outcome)


def seed_record(
    spec: SeedFile,
    raw: Mapping[str, Any],
    *,
    instance: models.Model | None,
    loaded: LoadedRecords,
    force: bool = False,
) -> tuple[Outcome, str]:
    """Load one entry into ``instance`` (the record with its key, if any) under the
    provenance rule; return the outcome and, for an entry left alone, why."""
    key = str(raw.get(natural_key_field(spec.model)))
    digest = entry_hash(raw)
    step = load_step(
        loaded=loaded.get(key),
        entry_hash=digest,
        record_version=getattr(instance, "updated_at", None),
        force=force,
    )
    if step == Step.SKIP_UNCHANGED:
        return Outcome.UNCHANGED, ""
    if step == Step.SKIP_KEPT:
        return Outcome.KEPT, ""
    if step == Step.SKIP_WITHHELD:
        return Outcome.WITHHELD, "deleted by a curator, not restored (--force brings it back)"
    wanted = seed_resolve(spec, raw)
    if step == Step.RECONCILE:
        assert instance is not None
        changes = wanted.changes(instance)
        if changes and not written_by_loaders_only(instance):
            return Outcome.CONFLICT, (
                f"changed by a curator and in the seed file; kept the curator's "
                f"{', '.join(changes.names)} (--force applies the file)"
            )
    if instance is None:
        instance = spec.model()
    written = wanted.apply(instance)
    loaded.mark(key=key, instance=instance, entry_hash=digest)
    if step == Step.CREATE:
        return Outcome.CREATED, ""
    return (Outcome.UPDATED if written else Outcome.UNCHANGED), ""


def _load_file(spec: SeedFile, records: list[Any], report: SeedReport, force: bool) -> None:
    model = spec.model
    key_field = natural_key_field(model)
    loaded = LoadedRecords.read(dataset=SEEDS, model=model)
    existing = {str(getattr(obj, key_field)): obj for obj in model._default_manager.all()}
    counts = report.counts[spec.filename] = dict.fromkeys(Outcome, 0)
    seen: set[Any] = set()
    for index, raw in enumerate(records):
        name = str(raw.get(key_field, f"#{index}")) if isinstance(raw, dict) else f"#{index}"
        if not isinstance(raw, dict):
            raise SeedError(spec.filename, name, "-", ["Expected a mapping."])
        if raw.get(key_field) in seen:
            raise SeedError(spec.filename, name, key_field, ["Duplicate natural key in this file."])
        seen.add(raw.get(key_field))
        try:
            outcome, reason = seed_record(
                spec, raw, instance=existing.get(name), loaded=loaded, force=force
            )
        except MissingReference as error:
            if str(error.key) not in report.withheld.get(error.model._meta.label, ()):
                raise SeedError(spec.filename, name, error.path, error.messages) from error
            outcome, reason = (
                Outcome.CONFLICT,
                (f"not loaded: its {error.path} is '{error.key}', which a curator deleted"),
            )
        except ValidationError as error:
            field_path, messages = _first_error(error)
            raise SeedError(spec.filename, name, field_path, messages) from error
        counts[outcome] += 1
        if outcome == Outcome.WITHHELD:
            report.withheld.setdefault(model._meta.label, set()).add(name)
        if reason:
            report.notices.append(Notice(spec.filename, name, reason))


def seed_load(*, directory: Path, force: bool = False) -> SeedReport:
    """Load every seed file in ``directory`` in one transaction; all or nothing.

    ``force`` applies every entry, over curators' changes and deletions.
    """
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
            _load_file(spec, records, report, force)
    return report


def _first_error(error: ValidationError) -> tuple[str, list[str]]:
    if hasattr(error, "error_dict"):
        name, errors = next(iter(error.error_dict.items()))
        return name, [message for e in errors for message in e.messages]
    return "-", error.messages
