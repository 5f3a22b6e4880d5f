"""Row plans: every record the API renders, rendered from ``values()`` rows as DRF would.

DRF renders each object by asking every field to fetch (``get_attribute``) and convert
(``to_representation``) its value, and a hyperlinked field calls ``reverse()`` for every row;
for a page of records, model instances and ``prefetch_related`` cost more still. A
:class:`RowPlan` is a serializer compiled once (per resource, shape, language, time zone and
script prefix) against rows from ``values()``: the main query selects exactly the columns the
fields need, each nested list or many-to-many set is one more query over the page's ids,
grouped in Python, and each value goes through a plain converter (ISO formatting, a choice's
value, a URL template filled with the lookup value). Lists, details, the bodies of writes and
the representation an ``If-Match`` is compared with all come from it; a field type it does
not know raises :class:`NoPlan`, and ``tests/core/test_fastread.py`` proves the output equal
to DRF's own rendering on every resource.

A plan depends on the serializer class and the chosen fields, not on the request: links are
compiled as paths and given the request's scheme and host (its ``origin``) when rendered.
:func:`row_plan` keeps compiled plans, so a request neither builds the serializer's fields
nor compiles them (together about 2 ms of a 14 ms deposits page, 2026-12-03).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeGuard

from django.db.models import F, ManyToManyField, ManyToManyRel, ManyToOneRel, Model
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.translation import get_language
from rest_framework import relations, serializers
from rest_framework.settings import api_settings


def _format_datetime(value: datetime.datetime, zone: tzinfo) -> str:
    # DRF's DateTimeField: an aware value in the given zone, ISO 8601, "Z" for UTC.
    text = (value.astimezone(zone) if value.utcoffset() is not None else value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _is_plain_choice(field: serializers.Field) -> TypeGuard[serializers.ChoiceField]:
    """A ChoiceField rendered by DRF's own ``to_representation`` (a subclass may only change
    how its choices are built, like CountryChoiceField)."""
    return (
        isinstance(field, serializers.ChoiceField)
        and type(field).to_representation is serializers.ChoiceField.to_representation
    )


def _is_pk(field: Any) -> bool:
    """A primary-key relation rendered as the key itself (no pk_field, or a string one whose
    keys are already strings, like element symbols)."""
    return isinstance(field, relations.PrimaryKeyRelatedField) and (
        field.pk_field is None or type(field.pk_field) is serializers.CharField
    )


def _is_pk_many(field: Any) -> bool:
    return isinstance(field, relations.ManyRelatedField) and _is_pk(field.child_relation)


#: Field classes whose DRF representation is the attribute itself.
_PLAIN: frozenset[type] = frozenset(
    {
        serializers.CharField,
        serializers.IntegerField,
        serializers.BooleanField,
        serializers.JSONField,
        serializers.ReadOnlyField,
        serializers.SlugField,
        serializers.URLField,
        serializers.EmailField,
    }
)


class NoPlan(Exception):
    """The serializer has a field the values() path cannot render."""


RowGetter = Callable[[dict[str, Any]], Any]
#: Makes a row getter for one render, given the request's origin (``https://host``).
ReaderFactory = Callable[[str], RowGetter]


@dataclass
class Relation:
    """A list attached to each row after the main query:
    ``name`` -> loader(ids, origin) -> {id: list}."""

    name: str
    load: Callable[[list[Any], str], dict[Any, list[Any]]]


@dataclass
class RowPlan:
    model: type[Model]
    lookups: list[str]
    readers: list[tuple[str, ReaderFactory]]
    relations: list[Relation]

    def render(self, rows: list[dict[str, Any]], origin: str) -> list[dict[str, Any]]:
        """Attach the related lists to ``rows`` (one query each) and render them; links
        start with ``origin``."""
        if rows and self.relations:
            ids = [row["pk"] for row in rows]
            for relation in self.relations:
                grouped = relation.load(ids, origin)
                for row in rows:
                    row[relation.name] = grouped.get(row["pk"], [])
        readers = [(name, make(origin)) for name, make in self.readers]
        return [{name: read(row) for name, read in readers} for row in rows]


def _fixed(getter: RowGetter) -> ReaderFactory:
    return lambda origin: getter


def _row_value(lookup: str, convert: Callable[[Any], Any] | None) -> ReaderFactory:
    if convert is None:
        return _fixed(lambda row: row[lookup])
    return _fixed(lambda row: None if row[lookup] is None else convert(row[lookup]))


def _default_order(model: type[Model], prefix: str = "") -> list[str]:
    names = [str(name) for name in model._meta.ordering or ()]  # plain names in this project
    return [
        f"-{prefix}{name[1:]}" if name.startswith("-") else f"{prefix}{name}" for name in names
    ] or [f"{prefix}pk"]


def _converter(field: serializers.Field) -> Callable[[Any], Any] | None:
    """How a plain field turns a column value into DRF's output (None: as it is)."""
    kind = type(field)
    if kind in _PLAIN:
        return None
    if kind is serializers.DateTimeField and "format" not in vars(field):
        return _datetime_in(timezone.get_current_timezone())
    if kind is serializers.DateField and "format" not in vars(field):
        return lambda value: value.isoformat()
    if kind is serializers.BigIntegerField:
        # DRF 3.18 maps BigAutoField ids (all of ours) and BigIntegerField columns here: the
        # number itself, or its text when COERCE_BIGINT_TO_STRING (or coerce_to_string) is on.
        coerce = getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING)
        return str if coerce else None
    if _is_plain_choice(field):
        strings = field.choice_strings_to_values
        return lambda value: strings.get(str(value), value)
    if isinstance(field, serializers.DecimalField):
        return _decimal(field)
    if isinstance(field, serializers.FloatField):
        return field.to_representation
    raise NoPlan(f"{field.field_name}: {kind.__name__}")


def _datetime_in(zone: tzinfo) -> Callable[[datetime.datetime], str]:
    """DRF's DateTimeField output with the time zone bound once (row plans are compiled per
    time zone): looking the current zone up for each value took 7.9 of its 8.9 microseconds,
    and a page of 1,000 deposits has 2,000 timestamps."""
    return lambda value: _format_datetime(value, zone)


def _decimal(field: serializers.DecimalField) -> Callable[[Any], Any]:
    """DRF's DecimalField output; a stored value already at the field's decimal places (all
    of them, from a DecimalField column) is formatted directly, as DRF would after a quantize
    that changes nothing (1.2 against 2.6 microseconds)."""
    slow = field.to_representation
    coerce = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
    if field.decimal_places is None or field.normalize_output or field.localize or not coerce:
        return slow
    exponent = -field.decimal_places

    def convert(value: Any) -> Any:
        if type(value) is Decimal and value.as_tuple().exponent == exponent:
            return f"{value:f}"
        return slow(value)

    return convert


@lru_cache(maxsize=256)  # keys are few: resources x shapes actually asked for, bounded anyway
def row_plan(
    serializer_class: type[serializers.Serializer],
    model: type[Model],
    shape: frozenset[str] | None,
    language: str | None,
    time_zone: str,
    script_prefix: str,
) -> RowPlan:
    """The compiled plan for ``serializer_class`` limited to ``shape``; :class:`NoPlan` when
    a field cannot be rendered from rows (``tests/core/test_fastread.py`` checks every
    resource compiles).

    ``language``, ``time_zone`` and ``script_prefix`` are part of the key because choices,
    timestamps and link paths depend on them; callers pass the current ones (see
    :func:`row_plan_for`)."""
    return compile_rows(serializer_class(context={"shape": shape}), model)


def row_plan_for(
    serializer_class: type[serializers.Serializer],
    model: type[Model],
    shape: frozenset[str] | None,
) -> RowPlan:
    return row_plan(
        serializer_class,
        model,
        shape,
        get_language(),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
    )


def compile_rows(serializer: serializers.Serializer, model: type[Model]) -> RowPlan:
    """A RowPlan rendering ``model`` rows as ``serializer`` would render instances."""
    lookups = ["pk"]
    readers: list[tuple[str, ReaderFactory]] = []
    attached: list[Relation] = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        if isinstance(field, relations.HyperlinkedIdentityField):
            lookups.append(field.lookup_field)
            readers.append((name, _row_url_reader(field)))
            continue
        if field.source == "*":
            raise NoPlan(name)
        path = "__".join(field.source_attrs)
        if isinstance(field, serializers.ListSerializer):
            if not isinstance(field.child, serializers.Serializer):
                raise NoPlan(name)
            attached.append(_nested_relation(name, path, field.child, model))
            readers.append((name, _pick(name)))
        elif _is_pk_many(field):
            attached.append(_pk_many_relation(name, path, model))
            readers.append((name, _pick(name)))
        elif isinstance(field, serializers.Serializer) or (
            _is_pk(field) and len(field.source_attrs) > 1
        ):
            raise NoPlan(name)
        elif _is_pk(field) or isinstance(field, serializers.Field):
            convert = None if _is_pk(field) else _converter(field)
            lookups.append(path)
            readers.append((name, _row_value(path, convert)))
    return RowPlan(model, list(dict.fromkeys(lookups)), readers, attached)


def _pick(name: str) -> ReaderFactory:
    return _fixed(lambda row: row[name])


def _row_url_reader(field: relations.HyperlinkedIdentityField) -> ReaderFactory:
    """The record's link: the first row's path from DRF's ``get_url`` without a request,
    the rest from a template of that path; ``origin`` in front."""
    key = field.lookup_field
    template: list[str] = []

    class _Lookup:
        """Just enough of an instance for DRF's get_url: the lookup attribute."""

        def __init__(self, value: Any) -> None:
            setattr(self, key, value)
            self.pk = value

    def path(row: dict[str, Any]) -> str:
        value = str(row[key])
        if template:
            return f"{template[0]}{value}{template[1]}"
        url = str(
            field.get_url(
                _Lookup(row[key]),  # type: ignore[arg-type]  # get_url reads the lookup only
                str(field.view_name),
                None,  # type: ignore[arg-type]  # no request: a path (see links.resource_link)
                None,
            )
        )
        if url.endswith(f"/{value}/"):
            template.extend([url[: -len(value) - 1], "/"])
        return url

    def make(origin: str) -> RowGetter:
        return lambda row: origin + path(row)

    return make


def _pk_many_relation(name: str, path: str, model: type[Model]) -> Relation:
    field = model._meta.get_field(path)
    if not isinstance(field, ManyToManyField):
        raise NoPlan(name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    # A many-to-many field always has both.
    assert through is not None and field.related_model is not None
    order = _default_order(field.related_model, f"{target}__")

    def load(ids: list[Any], origin: str) -> dict[Any, list[Any]]:
        grouped: dict[Any, list[Any]] = {}
        rows = (
            through._default_manager.filter(**{f"{source}__in": ids})
            .order_by(*order)
            .values_list(f"{source}_id", f"{target}_id")
        )
        for owner, related in rows:
            grouped.setdefault(owner, []).append(related)
        return grouped

    return Relation(name, load)


def _nested_relation(
    name: str, path: str, child: serializers.Serializer, model: type[Model]
) -> Relation:
    relation = model._meta.get_field(path)
    if not isinstance(relation, ManyToOneRel | ManyToManyRel):
        raise NoPlan(name)
    child_model = relation.related_model
    owner = relation.field.name  # the child's FK or M2M back to ``model``
    plan = compile_rows(child, child_model)
    order = _default_order(child_model)

    def load(ids: list[Any], origin: str) -> dict[Any, list[Any]]:
        rows = list(
            child_model._default_manager.filter(**{f"{owner}__in": ids})
            .order_by(*order)
            .values(*plan.lookups, _owner=F(owner))
        )
        rendered = plan.render(rows, origin)
        grouped: dict[Any, list[Any]] = {}
        for row, item in zip(rows, rendered, strict=True):
            grouped.setdefault(row["_owner"], []).append(item)
        return grouped

    return Relation(name, load)
