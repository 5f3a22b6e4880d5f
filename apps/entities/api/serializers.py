from rest_framework import serializers

from apps.core.api.links import ResourceLinkField
from apps.core.api.serializers import KnownFieldsOnly, RecordSerializer
from apps.entities.choices import AliasKind
from apps.entities.models import Entity
from apps.entities.services import ENTITY_PARTS
from apps.sources.api.serializers import CitationSerializer


class AliasSerializer(KnownFieldsOnly):
    """Another name the entity is known by: an abbreviation, a translation, a former name."""

    name = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=AliasKind.choices)


class EntitySerializer(RecordSerializer):
    url = ResourceLinkField(view_name="entity-detail")
    # Shadows Field.parent in the stubs only: DRF's serializer metaclass pops declared fields.
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Entity.objects.all(),
        allow_null=True,
        required=False,
        error_messages={"does_not_exist": "No entity with id {pk_value}."},
    )
    aliases = AliasSerializer(many=True, required=False)
    citations = CitationSerializer(many=True, required=False)

    parts = ENTITY_PARTS

    class Meta:
        model = Entity
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "kind",
            "country",
            "parent",
            "end_user_category",
            "measures_verified_through",
            "website",
            "description",
            "aliases",
            "citations",
            "created_at",
            "updated_at",
        ]
        brief_fields = ("id", "url", "name")
