"""Import/export of elements (CSV, XLSX, JSON), keyed by symbol.

Curators may only export: importing needs add and change permissions on elements, which only
superusers hold (see :mod:`apps.core.groups`).
"""

from apps.core.resources import NaturalKeyResource, nullable_text_field
from apps.elements.models import Element


class ElementResource(NaturalKeyResource):
    ree_group = nullable_text_field("ree_group")

    class Meta(NaturalKeyResource.Meta):
        model = Element
        import_id_fields = ["symbol"]
        fields = ["symbol", "name", "atomic_number", "is_rare_earth", "ree_group", "applications"]
        export_order = fields
