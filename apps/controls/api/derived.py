"""Answers about controls on a date: what is controlled, and what an entity is cut off from.

Both go through :mod:`apps.controls.selectors`, the home of the in-force rule. The entity
endpoints live here, not in the entities app, because restrictions are a controls concept
and apps only depend downwards.
"""

from datetime import date
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from apps.controls.choices import MeasureKind
from apps.controls.models import ControlMeasure
from apps.controls.selectors import (
    Exposure,
    MeasureControl,
    controlled_elements_on,
    coverage_of,
    entity_exposure,
    unverified_note,
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
    effective_from_confidence = serializers.CharField(
        help_text="'unconfirmed' where no source gives the effective date and effective_from "
        "holds a stand-in (e.g. the announcement date); empty: as the measure's citations."
    )
    effective_to = serializers.DateField(allow_null=True)
    clause = serializers.CharField(help_text="The clause of the measure; empty: all of it.")
    scope = serializers.CharField()
    confidence = serializers.CharField(
        allow_null=True, help_text="The weakest confidence among the measure's citations."
    )

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


class CoverageSerializer(serializers.Serializer):
    """How far curators checked an authority's measures."""

    authority = serializers.IntegerField(source="authority_id")
    authority_name = serializers.CharField()
    verified_through = serializers.DateField(allow_null=True)


class CoverageFieldsSerializer(serializers.Serializer):
    """What every answer about a date says of the data behind it."""

    verified = serializers.BooleanField(
        help_text="false when as_of is after the date through which curators checked the "
        "measures of an authority concerned: later changes may be missing."
    )
    unverified_note = serializers.CharField(help_text="Which authorities, and how far; or empty.")
    coverage = CoverageSerializer(many=True)


class ControlledElementsSerializer(CoverageFieldsSerializer):
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
        on = self.params["as_of"]
        authorities = _authorities_asked(self.params.get("authority_country"))
        authorities |= {c.authority_id for row in rows for c in row.controls}
        data = ControlledElementsSerializer(
            {"as_of": on, "count": len(rows), "results": rows, **_coverage(on, authorities)},
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


class CategorySerializer(serializers.Serializer):
    """The category rule that matched: whom the measure restricts without naming them."""

    destination_country = serializers.CharField()
    end_user_category = serializers.CharField()
    end_use = serializers.CharField()


class RestrictionExposureSerializer(serializers.Serializer):
    measure = serializers.IntegerField(source="measure.pk")
    url = serializers.SerializerMethodField()
    reference = serializers.CharField(source="measure.reference")
    authority = serializers.IntegerField(source="measure.authority_id")
    authority_name = serializers.CharField(source="measure.authority.name")
    kind = serializers.CharField(source="measure.kind")
    clause = serializers.CharField(help_text="The clause that applies; empty: the whole measure.")
    effective_from = serializers.DateField(source="measure.effective_from")
    effective_from_confidence = serializers.CharField(source="measure.effective_from_confidence")
    effective_to = serializers.DateField(source="measure.effective_to", allow_null=True)
    basis = serializers.ChoiceField(
        choices=["listed", "category"],
        help_text="listed: the measure names the entity (or its parent); category: a rule of "
        "the measure matches the entity's country and end-user category.",
    )
    category = CategorySerializer(allow_null=True)
    note = serializers.CharField()
    inherited_from = EntityBriefSerializer(allow_null=True)
    blocked_elements = ControlledElementRowSerializer(source="blocked", many=True)
    reason = serializers.CharField()
    confidence = serializers.CharField(
        allow_null=True, help_text="The weakest confidence among the measure's citations."
    )

    def get_url(self, exposure: Exposure) -> str:
        return resource_link(
            "control-measure-detail", args=[exposure.measure.pk], request=self.context["request"]
        )


class ExposureSerializer(CoverageFieldsSerializer):
    entity = EntityBriefSerializer()
    as_of = serializers.DateField()
    restricted = serializers.BooleanField()
    restrictions = RestrictionExposureSerializer(many=True)


def _authorities_asked(country: str | None) -> set[int]:
    """The authorities of a country (every authority with measures when none is named)."""
    measures = ControlMeasure.objects.all()
    if country:
        measures = measures.filter(authority__country=country)
    return set(measures.values_list("authority_id", flat=True))


def _coverage(on: date, authority_ids: set[int]) -> dict[str, Any]:
    coverage = coverage_of(authority_ids)
    note = unverified_note(on, coverage)
    return {"verified": not note, "unverified_note": note, "coverage": coverage}


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
        on = self.params["as_of"]
        exposures = entity_exposure(entity=entity, on=on)
        # Every authority could restrict the entity: the answer is as sure as the least
        # checked of them.
        data = ExposureSerializer(
            {
                "entity": entity,
                "as_of": on,
                "restricted": bool(exposures),
                "restrictions": exposures,
                **_coverage(on, _authorities_asked(None)),
            },
            context={"request": request},
        ).data
        return Response(data)
