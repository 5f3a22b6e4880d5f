"""Deposits with their estimates (read-only, nested) and estimates with tonnes for comparison."""

from rest_framework import serializers

from apps.core.api.links import ResourceLinkField
from apps.core.api.serializers import RecordSerializer
from apps.deposits.models import Deposit, ResourceEstimate
from apps.deposits.services import DEPOSIT_PARTS, ESTIMATE_PARTS
from apps.elements.api.fields import ElementSymbolField
from apps.entities.models import Entity
from apps.sources.api.serializers import CitationSerializer
from apps.sources.models import Source

ESTIMATE_FIELDS = [
    "id",
    "url",
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
    "citations",
    "created_at",
    "updated_at",
]


class ResourceEstimateSerializer(RecordSerializer):
    url = ResourceLinkField(view_name="resource-estimate-detail")
    deposits = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Deposit.objects.all(),
        allow_empty=False,
        error_messages={"does_not_exist": "No deposit with id {pk_value}."},
    )
    # Shadows Field.source in the stubs only: DRF's serializer metaclass pops declared fields.
    source = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Source.objects.all(),
        error_messages={"does_not_exist": "No source with id {pk_value}."},
    )
    citations = CitationSerializer(many=True, required=False)

    parts = ESTIMATE_PARTS

    class Meta:
        model = ResourceEstimate
        fields = ESTIMATE_FIELDS
        read_only_fields = ["quantity_tonnes"]
        brief_fields = ("id", "url", "slug")


class NestedEstimateSerializer(serializers.ModelSerializer):
    """An estimate as shown inside a deposit: read-only, no write path."""

    url = ResourceLinkField(view_name="resource-estimate-detail")
    deposits: serializers.PrimaryKeyRelatedField[Deposit] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = ResourceEstimate
        fields = [f for f in ESTIMATE_FIELDS if f not in {"created_at", "updated_at"}]
        read_only_fields = fields


class DepositSerializer(RecordSerializer):
    url = ResourceLinkField(view_name="deposit-detail")
    elements = ElementSymbolField(many=True, required=False)
    operator = serializers.PrimaryKeyRelatedField(
        queryset=Entity.objects.all(),
        allow_null=True,
        required=False,
        error_messages={"does_not_exist": "No entity with id {pk_value}."},
    )
    estimates = NestedEstimateSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, required=False)

    parts = DEPOSIT_PARTS

    class Meta:
        model = Deposit
        fields = [
            "id",
            "url",
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
            "estimates",
            "citations",
            "created_at",
            "updated_at",
        ]
        brief_fields = ("id", "url", "name")
