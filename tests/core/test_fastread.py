# mypy: disable-error-code="attr-defined,assignment,arg-type"
# (the router registry is typed as bare ViewSetMixin and serializer fields as Field: this
# test walks them generically.)
"""The compiled read paths render every resource exactly as DRF's own serializer would.

Two fast paths (apps/core/api/fastread.py) replace DRF's per-field rendering: a reader
compiled over instances (details, writes) and a plan over values() rows (list pages). Both
are compared here with DRF's rendering on the whole seeded dataset, for every resource.
"""

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from apps.core.api.fastread import NoPlan, compile_rows
from apps.core.api.renderers import dumps
from apps.core.api.views import RecordViewSet
from minerals_api.api import router

pytestmark = pytest.mark.django_db

SHAPES = ["", "&omit=created_at", "&brief=true"]


@pytest.fixture
def seeded() -> None:
    call_command("seed", verbosity=0)


def drf_representation(serializer: serializers.Serializer, instance: Any) -> Any:
    """What DRF renders for ``instance`` (nested serializers through DRF too)."""
    data: dict[str, Any] = {}
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        attribute = field.get_attribute(instance)
        if attribute is None:
            data[name] = None
        elif isinstance(field, serializers.ListSerializer):
            data[name] = [drf_representation(field.child, item) for item in attribute.all()]
        elif isinstance(field, serializers.Serializer):
            data[name] = drf_representation(field, attribute)
        else:
            check = getattr(attribute, "pk", attribute)
            data[name] = None if check is None else field.to_representation(attribute)
    return data


def reference(viewset: Any, prefix: str, params: dict[str, str]) -> list[Any]:
    request = Request(APIRequestFactory().get(f"/api/v1/{prefix}/", params))
    view = viewset(request=request, format_kwarg=None, action="list", kwargs={})
    context = {"request": request, "shape": RecordViewSet.get_shape(view)}
    return [
        drf_representation(viewset.serializer_class(context=context), instance)
        for instance in viewset.queryset.model.objects.for_api()
    ]


def test_compiled_reader_matches_drf(seeded: None) -> None:
    for prefix, viewset, _ in router.registry:
        for query in ("", "?format=csv"):
            request = Request(APIRequestFactory().get(f"/api/v1/{prefix}/{query}"))
            instances = list(viewset.queryset.model.objects.for_api())
            assert instances, f"the seeded dataset has no {prefix}"
            fast = viewset.serializer_class(instances, many=True, context={"request": request}).data
            expected = [
                drf_representation(viewset.serializer_class(context={"request": request}), i)
                for i in instances
            ]
            assert [dict(item) for item in fast] == expected, (prefix, query)


def test_list_pages_from_rows_match_drf(seeded: None, client: Client) -> None:
    for prefix, viewset, _ in router.registry:
        for query in SHAPES:
            response = client.get(f"/api/v1/{prefix}/?limit=1000&format=json{query}")
            assert response.status_code == 200, (prefix, query)
            params = {"format": "json", **dict(p.split("=") for p in query.split("&") if p)}
            expected = json.loads(dumps(reference(viewset, prefix, params)))
            assert response.json()["results"] == expected, (prefix, query)


def test_every_resource_lists_from_rows() -> None:
    """No resource silently falls back to the slower instance path."""
    request = Request(APIRequestFactory().get("/"))
    for prefix, viewset, _ in router.registry:
        serializer = viewset.serializer_class(context={"request": request, "shape": None})
        try:
            compile_rows(serializer, viewset.queryset.model)
        except NoPlan as error:  # pragma: no cover - the assertion message is the point
            pytest.fail(f"{prefix} has no row plan: {error}")
