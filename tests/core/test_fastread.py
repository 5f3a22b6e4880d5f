# mypy: disable-error-code="attr-defined,assignment,arg-type"
# (the router registry is typed as bare ViewSetMixin and serializer fields as Field: this
# test walks them generically.)
"""Row plans render every resource exactly as DRF's own serializer would.

Every body the API renders for a resource comes from its row plan over values() rows
(apps/core/api/fastread.py): list pages, details, the bodies of writes and the ETags an
If-Match is compared with. Here each is compared with DRF's field-by-field rendering of model
instances (:func:`drf_representation`, the reference, which lives only in this test) on the
whole seeded dataset, for every resource.
"""

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from apps.core.api.fastread import NoPlan, compile_rows
from apps.core.api.renderers import dumps
from apps.core.api.views import RecordViewSet
from apps.core.testing import token_client
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


def reference(viewset: Any, prefix: str, params: dict[str, str], **lookup: Any) -> list[Any]:
    """DRF's rendering of the records of ``viewset`` (``lookup`` narrows them) as the API
    shapes them for ``params``; a JSON round trip, as a client reads it."""
    request = Request(APIRequestFactory().get(f"/api/v1/{prefix}/", params))
    view = viewset(request=request, format_kwarg=None, action="list", kwargs={})
    context = {"request": request, "shape": RecordViewSet.get_shape(view)}
    rendered = [
        drf_representation(viewset.serializer_class(context=context), instance)
        for instance in viewset.queryset.model.objects.filter(**lookup)
    ]
    return json.loads(dumps(rendered))


def test_list_pages_from_rows_match_drf(seeded: None, client: Client) -> None:
    for prefix, viewset, _ in router.registry:
        for query in SHAPES:
            response = client.get(f"/api/v1/{prefix}/?limit=1000&format=json{query}")
            assert response.status_code == 200, (prefix, query)
            params = {"format": "json", **dict(p.split("=") for p in query.split("&") if p)}
            assert response.json()["results"] == reference(viewset, prefix, params), (
                prefix,
                query,
            )


def _detail_path(prefix: str, viewset: Any, record: Any) -> str:
    return f"/api/v1/{prefix}/{getattr(record, viewset.lookup_field)}/"


def test_details_from_rows_match_drf(seeded: None) -> None:
    client = token_client(User.objects.create_user("reader", password="pw"))  # throttled less
    for prefix, viewset, _ in router.registry:
        for record in viewset.queryset.model.objects.order_by("pk")[:5]:
            key = {viewset.lookup_field: getattr(record, viewset.lookup_field)}
            for query in SHAPES:
                path = _detail_path(prefix, viewset, record)
                response = client.get(f"{path}?format=json{query}")
                assert response.status_code == 200, (path, query)
                params = {"format": "json", **dict(p.split("=") for p in query.split("&") if p)}
                assert [response.json()] == reference(viewset, prefix, params, **key), path


def test_writes_answer_and_tag_drf_representation(seeded: None) -> None:
    """A write's body is DRF's representation of the record, and its ETag (the one an
    If-Match is compared with) is the detail's."""
    api = token_client(User.objects.create_superuser("root", password="pw"))
    for prefix, viewset, _ in router.registry:
        if "patch" not in viewset.http_method_names:
            continue
        record = viewset.queryset.model.objects.order_by("pk").first()
        path = _detail_path(prefix, viewset, record)
        etag = api.get(path)["ETag"]
        response = api.patch(path, {}, format="json", HTTP_IF_MATCH=etag)
        assert response.status_code == 200, (path, response.content)
        assert response["ETag"] == etag, path
        assert [response.json()] == reference(viewset, prefix, {}, pk=record.pk), path


def test_every_resource_lists_from_rows() -> None:
    """No resource silently falls back to the slower instance path."""
    request = Request(APIRequestFactory().get("/"))
    for prefix, viewset, _ in router.registry:
        serializer = viewset.serializer_class(context={"request": request, "shape": None})
        try:
            compile_rows(serializer, viewset.queryset.model)
        except NoPlan as error:  # pragma: no cover - the assertion message is the point
            pytest.fail(f"{prefix} has no row plan: {error}")


def test_big_integers_render_as_text_when_drf_is_told_to(seeded: None, settings: Any) -> None:
    """With COERCE_BIGINT_TO_STRING the ids (BigAutoField, DRF's BigIntegerField) come out as
    text, from the row plan as from DRF (without it, the project's setting, they are numbers:
    the tests above)."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "COERCE_BIGINT_TO_STRING": True}
    request = Request(APIRequestFactory().get("/api/v1/"))
    for prefix, viewset, _ in router.registry:
        model = viewset.queryset.model
        serializer = viewset.serializer_class(context={"request": request, "shape": None})
        plan = compile_rows(serializer, model)
        rows = list(model.objects.order_by("pk").values(*plan.lookups)[:5])
        expected = [
            drf_representation(serializer, item) for item in model.objects.order_by("pk")[:5]
        ]
        rendered = plan.render(rows, "http://testserver")
        assert json.loads(dumps(rendered)) == json.loads(dumps(expected)), prefix
        if "id" in serializer.fields:
            assert all(isinstance(item["id"], str) for item in rendered), prefix
