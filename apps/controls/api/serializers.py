from collections.abc import Mapping, Sequence
from typing import Any

from rest_framework import serializers

from apps.controls.choices import EndUse
from apps.controls.models import ControlMeasure
from apps.controls.services import MEASURE_PARTS, measure_validate_suspends
from apps.core.api.fields import CountryChoiceField
from apps.core.api.links import ResourceLinkField
from apps.core.api.serializers import KnownFieldsOnly, RecordSerializer
from apps.elements.api.fields import ElementSymbolField
from apps.entities.choices import EndUserCategory
from apps.entities.models import Entity
from apps.sources.api.serializers import CitationSerializer

CLAUSE_HELP = "The measure's clause this row belongs to (e.g. '2'); empty: the whole measure."


def clause_field() -> serializers.CharField:
    return serializers.CharField(
        max_length=16, allow_blank=True, required=False, default="", help_text=CLAUSE_HELP
    )


class ControlledElementSerializer(KnownFieldsOnly):
    """``{"element": "Dy", "item": "", "clause": "", "scope": "metal; oxide; ...", "note": ""}``;
    an item that is not an element has ``"element": null`` and its name under ``item``."""

    element = ElementSymbolField(allow_null=True, required=False, default=None)
    item = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")
    clause = clause_field()
    scope = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")
    note = serializers.CharField(allow_blank=True, required=False, default="")


class RestrictedEntitySerializer(KnownFieldsOnly):
    """``{"entity": 12, "name": "...", "clause": "", "note": "...", "citations": [...]}``"""

    entity = serializers.PrimaryKeyRelatedField(
        queryset=Entity.objects.all(),
        error_messages={"does_not_exist": "No entity with id {pk_value}."},
    )
    name = serializers.CharField(source="entity.name", read_only=True)
    clause = clause_field()
    note = serializers.CharField(allow_blank=True, required=False, default="")
    citations = CitationSerializer(many=True, required=False, default=list)


class RestrictedCategorySerializer(KnownFieldsOnly):
    """``{"clause": "1", "destination_country": "JP", "end_user_category": "military",
    "end_use": "", "note": "..."}``: a rule that restricts without naming anyone."""

    clause = clause_field()
    destination_country = CountryChoiceField(allow_blank=True, required=False, default="")
    end_user_category = serializers.ChoiceField(
        choices=EndUserCategory.choices, allow_blank=True, required=False, default=""
    )
    end_use = serializers.ChoiceField(
        choices=EndUse.choices, allow_blank=True, required=False, default=""
    )
    note = serializers.CharField(allow_blank=True, required=False, default="")


class SuspendedClauseSerializer(KnownFieldsOnly):
    """``{"measure": 4, "clause": "2"}``: a clause a suspension suspends."""

    measure = serializers.PrimaryKeyRelatedField(
        queryset=ControlMeasure.objects.all(),
        error_messages={"does_not_exist": "No control measure with id {pk_value}."},
    )
    clause = serializers.CharField(max_length=16)


class ControlMeasureSerializer(RecordSerializer):
    url = ResourceLinkField(view_name="control-measure-detail")
    authority = serializers.PrimaryKeyRelatedField(
        queryset=Entity.objects.all(),
        error_messages={"does_not_exist": "No entity with id {pk_value}."},
    )
    suspends = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=ControlMeasure.objects.all(),
        required=False,
        error_messages={"does_not_exist": "No control measure with id {pk_value}."},
    )
    controlled_elements = ControlledElementSerializer(many=True, required=False)
    restricted_entities = RestrictedEntitySerializer(many=True, required=False)
    restricted_categories = RestrictedCategorySerializer(many=True, required=False)
    suspended_clauses = SuspendedClauseSerializer(many=True, required=False)
    citations = CitationSerializer(many=True, required=False)

    parts = MEASURE_PARTS

    class Meta:
        model = ControlMeasure
        fields = [
            "id",
            "url",
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
            "suspended_clauses",
            "summary",
            "controlled_elements",
            "restricted_entities",
            "restricted_categories",
            "citations",
            "created_at",
            "updated_at",
        ]
        brief_fields = ("id", "url", "reference")

    def validate_many(self, values: Mapping[str, Any], many: Mapping[str, Sequence[Any]]) -> None:
        measure_validate_suspends(
            kind=values.get("kind"),
            suspends=many.get("suspends", []),
            measure_pk=self.instance.pk if self.instance else None,
        )
