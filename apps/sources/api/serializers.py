"""Source representation, and the citation shape every other resource embeds."""

from rest_framework import serializers

from apps.core.api.links import ResourceLinkField
from apps.core.api.serializers import KnownFieldsOnly, RecordSerializer
from apps.core.choices import Confidence
from apps.sources.models import Source


class CitationSerializer(KnownFieldsOnly):
    """``{"source": 7, "confidence": "reported", "note": "..."}``"""

    # Shadows Field.source in the stubs only: DRF's serializer metaclass pops declared fields.
    source = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Source.objects.all(),
        error_messages={"does_not_exist": "No source with id {pk_value}."},
    )
    confidence = serializers.ChoiceField(choices=Confidence.choices)
    note = serializers.CharField(allow_blank=True, required=False, default="")


class SourceSerializer(RecordSerializer):
    url = ResourceLinkField(view_name="source-detail")
    address = serializers.URLField(source="url", allow_blank=True, required=False, max_length=1000)

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "slug",
            "title",
            "publisher",
            "published_on",
            "address",
            "kind",
            "document",
            "notes",
            "created_at",
            "updated_at",
        ]
        brief_fields = ("id", "url", "title")
