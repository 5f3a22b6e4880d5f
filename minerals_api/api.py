"""The v1 router and its root view, which reports how fresh each resource is."""

from typing import Any

from django.db.models import Max, Model
from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from apps.agreements.api.views import AgreementViewSet
from apps.changes.api.views import ChangeFeedView
from apps.controls.api.derived import ControlledElementsView, EntityExposureView
from apps.controls.api.views import ControlMeasureViewSet, RestrictionAwareEntityViewSet
from apps.core.api.links import resource_link
from apps.core.api.views import refuse_unknown_params, refuse_unserved_method
from apps.deposits.api.views import DepositViewSet, ResourceEstimateViewSet
from apps.elements.api.views import ElementViewSet
from apps.screening.api.views import ScreeningView
from apps.sources.api.views import SourceViewSet

router = SimpleRouter()
router.register("sources", SourceViewSet, basename="source")
router.register("elements", ElementViewSet, basename="element")
router.register("entities", RestrictionAwareEntityViewSet, basename="entity")
router.register("deposits", DepositViewSet, basename="deposit")
router.register("resource-estimates", ResourceEstimateViewSet, basename="resource-estimate")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("control-measures", ControlMeasureViewSet, basename="control-measure")


#: Derived, read-only answers (no records of their own), beside the router's resources.
derived_urls = [
    path("controlled-elements/", ControlledElementsView.as_view(), name="controlled-elements"),
    path("entities/<int:pk>/exposure/", EntityExposureView.as_view(), name="entity-exposure"),
    path("screening/", ScreeningView.as_view(), name="screening"),
    path("changes/", ChangeFeedView.as_view(), name="changes"),
]


def _resources() -> list[tuple[str, str, type[Model]]]:
    return [
        (prefix, basename, viewset.queryset.model)  # type: ignore[attr-defined]
        for prefix, viewset, basename in router.registry
    ]


class ApiRootView(APIView):
    """Every resource with its URL, record count and time of its last change (deletions
    included, from history), so a client can tell how fresh the data is."""

    permission_classes = [AllowAny]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        refuse_unserved_method(self, request)
        super().initial(request, *args, **kwargs)
        refuse_unknown_params(request, frozenset({"format"}), frozenset())

    @extend_schema(
        summary="List the resources and how fresh each one is",
        tags=["root"],
        responses=inline_serializer(
            "ApiRoot",
            {
                "resources": inline_serializer(
                    "ApiRootResource",
                    {
                        "name": serializers.CharField(),
                        "url": serializers.URLField(),
                        "count": serializers.IntegerField(),
                        "last_changed_at": serializers.DateTimeField(allow_null=True),
                    },
                    many=True,
                )
            },
        ),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        resources = []
        for prefix, basename, model in _resources():
            last = model.history.aggregate(at=Max("history_date"))["at"]  # type: ignore[attr-defined]
            resources.append(
                {
                    "name": prefix,
                    "url": resource_link(f"{basename}-list", request=request),
                    "count": model._default_manager.count(),
                    "last_changed_at": last,
                }
            )
        return Response({"resources": resources})
