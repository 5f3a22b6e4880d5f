"""Import/export of agreements (by slug) and their parties (by agreement, entity and role).

Elements are named by symbol; parents, deposits and entities by slug. A parent agreement must
exist before the row that names it.
"""

from apps.agreements.models import Agreement, AgreementParty
from apps.core.resources import NaturalKeyResource, natural_key_field, natural_keys_field
from apps.deposits.models import Deposit
from apps.elements.models import Element
from apps.entities.models import Entity


class AgreementResource(NaturalKeyResource):
    parent = natural_key_field("parent", Agreement)
    elements = natural_keys_field("elements", Element, key="symbol")
    deposits = natural_keys_field("deposits", Deposit)

    export_select_related = ("parent",)
    export_prefetch_related = ("elements", "deposits")

    class Meta(NaturalKeyResource.Meta):
        model = Agreement
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "signed_on",
            "effective_from",
            "effective_to",
            "parent",
            "elements",
            "deposits",
            "summary",
        ]
        export_order = fields


class AgreementPartyResource(NaturalKeyResource):
    agreement = natural_key_field("agreement", Agreement)
    entity = natural_key_field("entity", Entity)

    export_select_related = ("agreement", "entity")

    class Meta(NaturalKeyResource.Meta):
        model = AgreementParty
        import_id_fields = ["agreement", "entity", "role"]
        fields = ["agreement", "entity", "role"]
        export_order = fields
