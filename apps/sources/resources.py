"""Import/export of sources (CSV, XLSX, JSON), keyed by slug."""

from apps.core.resources import NaturalKeyResource
from apps.sources.models import Source


class SourceResource(NaturalKeyResource):
    class Meta(NaturalKeyResource.Meta):
        model = Source
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "publisher",
            "published_on",
            "url",
            "kind",
            "document",
            "notes",
        ]
        export_order = fields
