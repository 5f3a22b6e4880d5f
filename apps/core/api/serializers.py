"""The base serializer every resource uses: the fields it declares, one validated write path.

* Reading: the serializer declares the representation; the views render it from rows with
  its compiled row plan (:mod:`apps.core.api.fastread`), never through ``.data``. The chosen
  field names come in ``context["shape"]`` (from ``fields``, ``omit`` or ``brief``); other
  fields are dropped.
* Writes: validated data is split into plain values, many-to-many sets and nested parts and
  handed to :func:`apps.core.services.record_apply` in a transaction, the same path the seed
  loader takes, so model validation (``full_clean``) applies to every write.
"""

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django_countries.fields import CountryField
from rest_framework import serializers

from apps.core.api.errors import django_validation_error_as_drf
from apps.core.api.fields import CountryChoiceField
from apps.core.services import NestedPart, record_apply


class KnownFieldsOnly(serializers.Serializer):
    """Refuse keys the serializer does not declare, naming each (``citations.0.confidance``),
    instead of DRF's silent drop: a misspelt field is the client's bug to hear about. Read-only
    fields are declared, so they are accepted and ignored (documented in the README)."""

    def to_internal_value(self, data: Any) -> Any:
        unknown = {}
        if isinstance(data, Mapping):
            allowed = ", ".join(self.fields)
            unknown = {
                str(key): [f"Unknown field. Fields: {allowed}."]
                for key in data
                if key not in self.fields
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if unknown and isinstance(error.detail, dict):
                raise serializers.ValidationError({**error.detail, **unknown}) from error
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class RecordSerializer(KnownFieldsOnly, serializers.ModelSerializer):
    """Base for resource serializers. Subclasses set ``Meta.fields``, ``Meta.brief_fields``
    and ``parts`` (the nested lists written with the record)."""

    parts: ClassVar[tuple[NestedPart, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shape = self.context.get("shape")
        if shape is not None:
            for name in list(self.fields):
                if name not in shape:
                    self.fields.pop(name)

    def build_standard_field(
        self, field_name: str, model_field: Any
    ) -> tuple[type, dict[str, Any]]:
        """Country codes use CountryChoiceField, whose choices are built once."""
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, CountryField):
            return CountryChoiceField, field_kwargs
        return field_class, field_kwargs

    @classmethod
    def brief_fields(cls) -> tuple[str, ...]:
        return tuple(getattr(cls.Meta, "brief_fields", ("id", "url")))

    def validate_many(self, values: Mapping[str, Any], many: Mapping[str, Sequence[Any]]) -> None:
        """Hook for rules across plain and many-to-many fields (e.g. suspensions)."""

    def _write(self, instance: models.Model, validated: dict[str, Any]) -> models.Model:
        model_meta = instance._meta
        part_by_name = {part.accessor: part for part in self.parts}
        values: dict[str, Any] = {}
        many: dict[str, Sequence[Any]] = {}
        parts: dict[NestedPart, Sequence[Mapping[str, Any]]] = {}
        for name, value in validated.items():
            if name in part_by_name:
                parts[part_by_name[name]] = value
            elif model_meta.get_field(name).many_to_many:
                many[name] = value
            else:
                values[name] = value
        try:
            if instance.pk is not None:  # a partial update is checked against what it keeps
                kept = {
                    name: list(getattr(instance, name).all())
                    for name in self.Meta.fields
                    if name not in many and _is_m2m(model_meta, name)
                }
                self.validate_many({**_current_values(instance), **values}, {**kept, **many})
            else:
                self.validate_many(values, many)
            with transaction.atomic():
                record_apply(instance=instance, values=values, many=many, parts=parts)
        except DjangoValidationError as error:
            raise django_validation_error_as_drf(error) from error
        return instance

    def create(self, validated_data: dict[str, Any]) -> models.Model:
        model: type[models.Model] = self.Meta.model
        return self._write(model(), validated_data)

    def update(self, instance: models.Model, validated_data: dict[str, Any]) -> models.Model:
        return self._write(instance, validated_data)


def _is_m2m(model_meta: Any, name: str) -> bool:
    try:
        field = model_meta.get_field(name)
    except Exception:
        return False
    return bool(field.many_to_many and not field.auto_created)


def _current_values(instance: models.Model) -> dict[str, Any]:
    return {field.name: getattr(instance, field.name) for field in instance._meta.concrete_fields}
