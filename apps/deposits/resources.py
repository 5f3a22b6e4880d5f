"""Import/export of deposits and resource estimates, keyed by slug.

Elements are named by symbol, operators, deposits and sources by slug. ``quantity_tonnes``
is exported for comparison and recomputed on import, never read from the file.
"""

from import_export import fields

from apps.core.resources import NaturalKeyResource, natural_key_field, natural_keys_field
from apps.deposits.models import Deposit, ResourceEstimate
from apps.elements.models import Element
from apps.entities.models import Entity
from apps.sources.models import Source


class DepositResource(NaturalKeyResource):
    elements = natural_keys_field("elements", Element, key="symbol")
    operator = natural_key_field("operator", Entity)

    export_select_related = ("operator",)
    export_prefetch_related = ("elements",)

    class Meta(NaturalKeyResource.Meta):
        model = Deposit
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "country",
            "region",
            "locality",
            "latitude",
            "longitude",
            "deposit_type",
            "status",
            "elements",
            "operator",
            "announced_on",
            "description",
        ]
        export_order = fields


class ResourceEstimateResource(NaturalKeyResource):
    deposits = natural_keys_field("deposits", Deposit)
    source = natural_key_field("source", Source)
    quantity_tonnes = fields.Field(
        attribute="quantity_tonnes", column_name="quantity_tonnes", readonly=True
    )

    export_select_related = ("source",)
    export_prefetch_related = ("deposits",)

    class Meta(NaturalKeyResource.Meta):
        model = ResourceEstimate
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "deposits",
            "quantity",
            "unit",
            "quantity_tonnes",
            "material",
            "grade_percent",
            "category",
            "as_of",
            "source",
        ]
        export_order = fields
