from rest_framework import serializers

from apps.agreements.choices import PartyRole
from apps.agreements.models import Agreement
from apps.agreements.services import AGREEMENT_PARTS
from apps.core.api.links import ResourceLinkField
from apps.core.api.serializers import KnownFieldsOnly, RecordSerializer
from apps.deposits.models import Deposit
from apps.elements.api.fields import ElementSymbolField
from apps.entities.models import Entity
from apps.sources.api.serializers import CitationSerializer


class PartySerializer(KnownFieldsOnly):
    """``{"entity": 3, "name": "Government of Japan", "role": "signatory"}``"""

    entity = serializers.PrimaryKeyRelatedField(
        queryset=Entity.objects.all(),
        error_messages={"does_not_exist": "No entity with id {pk_value}."},
    )
    name = serializers.CharField(source="entity.name", read_only=True)
    role = serializers.ChoiceField(choices=PartyRole.choices)


class AgreementSerializer(RecordSerializer):
    url = ResourceLinkField(view_name="agreement-detail")
    # Shadows Field.parent in the stubs only: DRF's serializer metaclass pops declared fields.
    parent = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Agreement.objects.all(),
        allow_null=True,
        required=False,
        error_messages={"does_not_exist": "No agreement with id {pk_value}."},
    )
    elements = ElementSymbolField(many=True, required=False)
    deposits = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Deposit.objects.all(),
        required=False,
        error_messages={"does_not_exist": "No deposit with id {pk_value}."},
    )
    parties = PartySerializer(many=True, required=False)
    citations = CitationSerializer(many=True, required=False)

    parts = AGREEMENT_PARTS

    class Meta:
        model = Agreement
        fields = [
            "id",
            "url",
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
            "parties",
            "citations",
            "created_at",
            "updated_at",
        ]
        brief_fields = ("id", "url", "title")
