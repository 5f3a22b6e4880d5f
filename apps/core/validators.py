"""Validation rules that several models share."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def date_order_constraint(prefix: str) -> models.CheckConstraint:
    """The database half of "an end date is not before its start date"."""
    return models.CheckConstraint(
        condition=models.Q(effective_to__isnull=True)
        | models.Q(effective_from__isnull=True)
        | models.Q(effective_to__gte=models.F("effective_from")),
        name=f"{prefix}_effective_to_after_from",
        violation_error_message="The end date must be on or after the start date.",
    )


def validate_date_order(effective_from: date | None, effective_to: date | None) -> None:
    """Refuse an end date before its start date, naming the end date field."""
    if effective_from and effective_to and effective_to < effective_from:
        raise ValidationError(
            {
                "effective_to": ValidationError(
                    "The end date (%(end)s) must be on or after the start date (%(start)s).",
                    params={"end": effective_to, "start": effective_from},
                    code="date_order",
                )
            }
        )


def range_validators(low: int, high: int, what: str) -> list[MinValueValidator | MaxValueValidator]:
    """Field-level twins of a range check constraint, so the error lands on the field."""
    # ``what`` may hold a "%" ("The grade (%)"); escape it, the message is %-formatted.
    what = what.replace("%", "%%")
    message = f"{what} must be between {low} and {high}; %(show_value)s is out of range."
    return [MinValueValidator(low, message=message), MaxValueValidator(high, message=message)]


def validate_positive(value: Decimal) -> None:
    if value is not None and value <= 0:
        raise ValidationError(
            "Must be greater than zero, not %(value)s.", params={"value": value}, code="positive"
        )


def validate_no_parent_cycle(record: models.Model, noun: str) -> None:
    """Refuse a ``parent`` that is the record itself or one of its descendants (the tree
    would loop), naming the parent field; ``noun`` starts the message ("An entity")."""
    seen: set[int] = set()
    ancestor = getattr(record, "parent", None)
    while ancestor is not None and ancestor.pk not in seen:
        if record.pk is not None and ancestor.pk == record.pk:
            raise ValidationError(
                {
                    "parent": ValidationError(
                        "%(noun)s cannot be its own parent or ancestor.",
                        params={"noun": noun},
                        code="parent_cycle",
                    )
                }
            )
        seen.add(ancestor.pk)
        ancestor = ancestor.parent
