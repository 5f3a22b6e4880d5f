from collections.abc import Mapping, Sequence
from typing import Any

from rest_framework import serializers

from apps.controls.models import ControlMeasure
from apps.controls.services import MEASURE_PARTS, measure_validate_suspends
from apps.core.api.links import ResourceLinkField
from apps.core.api.serializers import KnownFieldsOnly, RecordSerializer
from apps.elements.api.fields import ElementSymbolField
from apps.entities.models import Entity
from apps.sources.api.serializers import CitationSerializer


class ControlledElementSerializer(KnownFieldsOnly):
    """``{"element": "Dy", "scope": "metal; oxide; ...", "note": "..."}``"""

    element = ElementSymbolField()
    scope = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")
    note = serializers.CharField(allow_blank=True, required=False, default="")


class RestrictedEntitySerializer(KnownFieldsOnly):
    """``{"entity": 12, "name": "...", "note": "...", "citations": [...]}``"""

    entity = serializers.PrimaryKeyRelatedField(
        queryset=Entity.objects.all(),
        error_messages={"does_not_exist": "No entity with id {pk_value}."},
    )
    name = serializers.CharField(source="entity.name", read_only=True)
    note = serializers.CharField(allow_blank=True, required=False, default="")
    citations = CitationSerializer(many=True, required=False, default=list)


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
            "effective_to",
            "suspends",
            "summary",
            "controlled_elements",
            "restricted_entities",
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
