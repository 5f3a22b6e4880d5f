"""Rules for writing control measures, shared by the admin, the API and the seed loader."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from apps.controls.choices import MeasureKind
from apps.core.services import NestedPart, citations

MEASURE_PARTS = (
    NestedPart("controlled_elements", "measure", ("element", "item", "clause", "scope", "note")),
    NestedPart(
        "restricted_entities",
        "measure",
        ("entity", "clause", "note"),
        parts=(citations("restriction"),),
    ),
    NestedPart(
        "restricted_categories",
        "measure",
        ("clause", "destination_country", "end_user_category", "end_use", "note"),
    ),
    NestedPart("suspended_clauses", "suspension", ("measure", "clause")),
    citations("measure"),
)


def measure_validate_suspends(
    *, kind: str | None, suspends: Sequence[models.Model], measure_pk: Any = None
) -> None:
    """A suspension names at least one measure; other kinds name none; none names itself."""
    if kind == MeasureKind.SUSPENSION and not suspends:
        raise ValidationError(
            {"suspends": "A suspension must name at least one measure it suspends."}
        )
    if kind != MeasureKind.SUSPENSION and suspends:
        raise ValidationError(
            {"suspends": "Only a measure of kind 'suspension' can suspend others."}
        )
    if measure_pk is not None and any(target.pk == measure_pk for target in suspends):
        raise ValidationError({"suspends": "A measure cannot suspend itself."})


def measure_validate_seed(
    values: Mapping[str, Any], many: Mapping[str, Sequence[models.Model]]
) -> None:
    measure_validate_suspends(kind=values.get("kind"), suspends=many.get("suspends", []))
