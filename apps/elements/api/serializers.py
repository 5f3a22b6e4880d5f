from rest_framework import serializers

from apps.core.api.links import ResourceLinkField
from apps.core.api.serializers import RecordSerializer
from apps.elements.models import Element
from apps.sources.api.serializers import CitationSerializer


class ElementSerializer(RecordSerializer):
    id = serializers.CharField(source="symbol", read_only=True)
    url = ResourceLinkField(view_name="element-detail", lookup_field="symbol")
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Element
        fields = [
            "id",
            "url",
            "symbol",
            "name",
            "atomic_number",
            "is_rare_earth",
            "ree_group",
            "applications",
            "citations",
            "created_at",
            "updated_at",
        ]
        brief_fields = ("id", "url", "name")
