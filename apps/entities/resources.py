"""Import/export of entities (by slug) and their aliases (by entity slug and name).

A parent is named by its slug and must exist before the row that names it: put parents
first in the file (or import them in an earlier file).
"""

from apps.core.resources import NaturalKeyResource, natural_key_field, nullable_text_field
from apps.entities.models import Entity, EntityAlias


class EntityResource(NaturalKeyResource):
    country = nullable_text_field("country")
    parent = natural_key_field("parent", Entity)

    export_select_related = ("parent",)

    class Meta(NaturalKeyResource.Meta):
        model = Entity
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "kind",
            "country",
            "parent",
            "end_user_category",
            "measures_verified_through",
            "website",
            "description",
        ]
        export_order = fields


class EntityAliasResource(NaturalKeyResource):
    entity = natural_key_field("entity", Entity)

    export_select_related = ("entity",)

    class Meta(NaturalKeyResource.Meta):
        model = EntityAlias
        import_id_fields = ["entity", "name"]
        fields = ["entity", "name", "kind"]
        export_order = fields
