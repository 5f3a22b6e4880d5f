"""Answers about controls on a date: what is controlled, and what an entity is cut off from.

Both go through :mod:`apps.controls.selectors`, the home of the in-force rule. The entity
endpoints live here, not in the entities app, because restrictions are a controls concept
and apps only depend downwards.
"""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from apps.controls.choices import MeasureKind
from apps.controls.selectors import (
    Exposure,
    MeasureControl,
    controlled_elements_on,
    entity_exposure,
)
from apps.core.api.fields import AsOfField, CountryChoiceField
from apps.core.api.links import record_links, resource_link
from apps.core.api.response_cache import cached_read
from apps.core.api.views import DerivedView
from apps.elements.api.fields import ElementSymbolField
from apps.entities.models import Entity


class ControlledElementsParams(serializers.Serializer):
    as_of = AsOfField()
    element = serializers.ListField(
        child=ElementSymbolField(), required=False, help_text="Element symbol; repeatable."
    )
    authority_country = CountryChoiceField(
        required=False, help_text="ISO 3166-1 alpha-2 country code, e.g. CN."
    )
    kind = serializers.ChoiceField(choices=MeasureKind.choices, required=False)


class MeasureRefSerializer(serializers.Serializer):
    """A measure as cited by a derived answer, with the scope of its control."""

    id = serializers.IntegerField(source="measure_id")
    url = serializers.SerializerMethodField()
    reference = serializers.CharField()
    authority = serializers.IntegerField(source="authority_id")
    authority_name = serializers.CharField()
    kind = serializers.CharField()
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(allow_null=True)
    scope = serializers.CharField()

    def get_url(self, control: MeasureControl) -> str:
        # The context is shared by every row: one URL reversal per answer.
        context: dict[str, Any] = self.context  # type: ignore[assignment]
        if "measure_links" not in context:
            context["measure_links"] = record_links("control-measure-detail", context["request"])
        return str(context["measure_links"](control.measure_id))


class ControlledElementRowSerializer(serializers.Serializer):
    element = serializers.CharField(source="symbol")
    name = serializers.CharField()
    measures = MeasureRefSerializer(source="controls", many=True)


class ControlledElementsSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    count = serializers.IntegerField()
    results = ControlledElementRowSerializer(many=True)


class ControlledElementsView(DerivedView):
    """One row per element under at least one export-control measure in force on ``as_of``."""

    params_class = ControlledElementsParams
    repeatable_params = frozenset({"element"})
    row_serializer_class = ControlledElementRowSerializer
    schema_tags = ["controls on a date"]

    @extend_schema(
        summary="List the elements controlled on a date",
        parameters=[ControlledElementsParams],
        responses=ControlledElementsSerializer,
        examples=[
            OpenApiExample(
                "Dysprosium under China's No. 18 of 2025",
                value={
                    "as_of": "2025-05-01",
                    "count": 1,
                    "results": [
                        {
                            "element": "Dy",
                            "name": "dysprosium",
                            "measures": [
                                {
                                    "id": 1,
                                    "url": "http://127.0.0.1:8000/api/v1/control-measures/1/",
                                    "reference": "MOFCOM/GAC Announcement No. 18 of 2025",
                                    "authority": 4,
                                    "authority_name": "Ministry of Commerce of the PRC",
                                    "kind": "export_licensing",
                                    "effective_from": "2025-04-04",
                                    "effective_to": None,
                                    "scope": "metals, alloys, oxides, compounds",
                                }
                            ],
                        }
                    ],
                },
                response_only=True,
            )
        ],
    )
    @cached_read
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = controlled_elements_on(
            on=self.params["as_of"],
            elements=[element.pk for element in self.params.get("element", [])],
            authority_country=self.params.get("authority_country"),
            kinds=[self.params["kind"]] if "kind" in self.params else [],
        )
        data = ControlledElementsSerializer(
            {"as_of": self.params["as_of"], "count": len(rows), "results": rows},
            context={"request": request},
        ).data
        return Response(data)


class ExposureParams(serializers.Serializer):
    as_of = AsOfField()


class EntityBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    name = serializers.CharField()

    def get_url(self, entity: Entity) -> str:
        return resource_link("entity-detail", args=[entity.pk], request=self.context["request"])


class RestrictionExposureSerializer(serializers.Serializer):
    measure = serializers.IntegerField(source="restriction.measure_id")
    url = serializers.SerializerMethodField()
    reference = serializers.CharField(source="restriction.measure.reference")
    authority = serializers.IntegerField(source="restriction.measure.authority_id")
    authority_name = serializers.CharField(source="restriction.measure.authority.name")
    kind = serializers.CharField(source="restriction.measure.kind")
    effective_from = serializers.DateField(source="restriction.measure.effective_from")
    effective_to = serializers.DateField(source="restriction.measure.effective_to", allow_null=True)
    note = serializers.CharField(source="restriction.note")
    inherited_from = EntityBriefSerializer(allow_null=True)
    blocked_elements = ControlledElementRowSerializer(source="blocked", many=True)
    reason = serializers.CharField()

    def get_url(self, exposure: Exposure) -> str:
        return resource_link(
            "control-measure-detail",
            args=[exposure.restriction.measure_id],
            request=self.context["request"],
        )


class ExposureSerializer(serializers.Serializer):
    entity = EntityBriefSerializer()
    as_of = serializers.DateField()
    restricted = serializers.BooleanField()
    restrictions = RestrictionExposureSerializer(many=True)


class EntityExposureView(DerivedView):
    """The restrictions in force on an entity on ``as_of`` (its own, or inherited from a
    parent entity), and for each the elements it cuts the entity off from, with the reason:
    an end-user restriction or export ban bars the items its jurisdiction controls that day."""

    params_class = ExposureParams
    schema_tags = ["controls on a date"]

    @extend_schema(
        summary="What an entity is cut off from on a date",
        parameters=[ExposureParams, OpenApiParameter("id", int, OpenApiParameter.PATH)],
        responses=ExposureSerializer,
    )
    @cached_read
    def get(self, request: Request, pk: int, *args: Any, **kwargs: Any) -> Response:
        entity = get_object_or_404(Entity.objects.select_related("parent"), pk=pk)
        exposures = entity_exposure(entity=entity, on=self.params["as_of"])
        data = ExposureSerializer(
            {
                "entity": entity,
                "as_of": self.params["as_of"],
                "restricted": bool(exposures),
                "restrictions": exposures,
            },
            context={"request": request},
        ).data
        return Response(data)
