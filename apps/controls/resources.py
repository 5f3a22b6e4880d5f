"""Import/export of control measures (by slug), controlled elements and restricted entities.

Authorities, restricted entities and suspended measures are named by slug, elements by
symbol. A measure's ``suspends`` set meets the same rule as in the admin and the API
(:func:`apps.controls.services.measure_validate_suspends`); a suspended measure must exist
before the row that names it.
"""

from __future__ import annotations

from typing import cast

from django.db import models

from apps.controls.models import (
    CategoryRestriction,
    ControlMeasure,
    ElementControl,
    EntityRestriction,
    SuspendedClause,
)
from apps.controls.services import measure_validate_suspends
from apps.core.resources import NaturalKeyResource, natural_key_field, natural_keys_field
from apps.elements.models import Element
from apps.entities.models import Entity


class ControlMeasureResource(NaturalKeyResource):
    authority = natural_key_field("authority", Entity)
    suspends = natural_keys_field("suspends", ControlMeasure)

    export_select_related = ("authority",)
    export_prefetch_related = ("suspends",)

    class Meta(NaturalKeyResource.Meta):
        model = ControlMeasure
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "reference",
            "title",
            "authority",
            "kind",
            "announced_on",
            "effective_from",
            "effective_from_confidence",
            "effective_to",
            "suspends",
            "summary",
        ]
        export_order = fields

    def validate_many(self, instance: models.Model, many: dict[str, list[models.Model]]) -> None:
        measure = cast(ControlMeasure, instance)
        if "suspends" in many:
            suspends = many["suspends"]
        else:
            suspends = list(measure.suspends.all()) if measure.pk else []
        measure_validate_suspends(kind=measure.kind, suspends=suspends, measure_pk=measure.pk)


class ElementControlResource(NaturalKeyResource):
    measure = natural_key_field("measure", ControlMeasure)
    element = natural_key_field("element", Element, key="symbol")

    export_select_related = ("measure", "element")

    class Meta(NaturalKeyResource.Meta):
        model = ElementControl
        import_id_fields = ["measure", "element", "item"]
        fields = ["measure", "element", "item", "clause", "scope", "note"]
        export_order = fields


class EntityRestrictionResource(NaturalKeyResource):
    measure = natural_key_field("measure", ControlMeasure)
    entity = natural_key_field("entity", Entity)

    export_select_related = ("measure", "entity")

    class Meta(NaturalKeyResource.Meta):
        model = EntityRestriction
        import_id_fields = ["measure", "entity"]
        fields = ["measure", "entity", "clause", "note"]
        export_order = fields


class CategoryRestrictionResource(NaturalKeyResource):
    measure = natural_key_field("measure", ControlMeasure)

    export_select_related = ("measure",)

    class Meta(NaturalKeyResource.Meta):
        model = CategoryRestriction
        import_id_fields = [
            "measure",
            "clause",
            "destination_country",
            "end_user_category",
            "end_use",
        ]
        fields = [
            "measure",
            "clause",
            "destination_country",
            "end_user_category",
            "end_use",
            "note",
        ]
        export_order = fields


class SuspendedClauseResource(NaturalKeyResource):
    suspension = natural_key_field("suspension", ControlMeasure)
    measure = natural_key_field("measure", ControlMeasure)

    export_select_related = ("suspension", "measure")

    class Meta(NaturalKeyResource.Meta):
        model = SuspendedClause
        import_id_fields = ["suspension", "measure", "clause"]
        fields = ["suspension", "measure", "clause"]
        export_order = fields
