"""Benchmark routes: the real API plus a hand-written floor for the deposits list.

The floor answers ``/bench/floor/deposits/?limit=&offset=`` with the same JSON as
``/api/v1/deposits/`` (same fields, order, page, count and links) using only ``values()``,
one batched query per relation and orjson: no serializers, no filters, no content negotiation,
no shaping. It is the best a plain Django view can do, the yardstick of issue 5. Mounted only
by ``minerals_api.settings.bench``; ``tests/bench/test_floor.py`` checks that its page equals
the API's.
"""

from collections import defaultdict
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from rest_framework.utils.urls import remove_query_param, replace_query_param

from apps.deposits.models import (
    Deposit,
    DepositCitation,
    ResourceEstimate,
    ResourceEstimateCitation,
)
from minerals_api.urls import (  # noqa: F401 (error handlers are read from the root urlconf)
    handler400,
    handler403,
    handler404,
    handler500,
)
from minerals_api.urls import urlpatterns as api_urlpatterns

DEPOSIT_FIELDS = (
    "id", "slug", "name", "country", "region", "locality", "latitude", "longitude",
    "deposit_type", "status", "operator_id", "announced_on", "description", "created_at",
    "updated_at",
)  # fmt: skip
ESTIMATE_FIELDS = (
    "id", "slug", "quantity", "unit", "quantity_tonnes", "material", "grade_percent",
    "category", "as_of", "source_id",
)  # fmt: skip
DECIMALS = ("latitude", "longitude")
ESTIMATE_DECIMALS = ("quantity", "quantity_tonnes", "grade_percent")


def _page_param(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    value = int(request.GET.get(name, default))
    if not low <= value <= high:
        raise ValueError(name)
    return value


def _decimal(value: Any) -> str | None:
    return None if value is None else str(value)


def floor_deposits(request: HttpRequest) -> HttpResponse:
    try:
        limit = _page_param(request, "limit", 50, 1, 1000)
        offset = _page_param(request, "offset", 0, 0, 10**12)
    except ValueError as error:
        return JsonResponse({"error": f"bad {error}"}, status=400)
    queryset = Deposit.objects.order_by("name", "id")
    count = queryset.count()
    rows = list(queryset.values(*DEPOSIT_FIELDS)[offset : offset + limit])
    ids = [row["id"] for row in rows]

    elements: dict[int, list[str]] = defaultdict(list)
    for deposit_id, symbol in (
        Deposit.elements.through.objects.filter(deposit_id__in=ids)
        .order_by("element__atomic_number")
        .values_list("deposit_id", "element_id")
    ):
        elements[deposit_id].append(symbol)
    citations: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for deposit_id, source, confidence, note in (
        DepositCitation.objects.filter(deposit_id__in=ids)
        .order_by("id")
        .values_list("deposit_id", "source_id", "confidence", "note")
    ):
        citations[deposit_id].append({"source": source, "confidence": confidence, "note": note})

    # Estimates: which cover the page, then their fields, deposits and citations.
    covering: dict[int, list[int]] = defaultdict(list)
    through = ResourceEstimate.deposits.through
    for deposit_id, estimate_id in through.objects.filter(deposit_id__in=ids).values_list(
        "deposit_id", "resourceestimate_id"
    ):
        covering[deposit_id].append(estimate_id)
    estimate_ids = sorted({e for group in covering.values() for e in group})
    estimates: dict[int, dict[str, Any]] = {}
    order: dict[int, int] = {}
    if estimate_ids:
        base = request.build_absolute_uri("/api/v1/resource-estimates/")
        for position, row in enumerate(
            ResourceEstimate.objects.filter(id__in=estimate_ids)
            .order_by("-as_of", "id")
            .values(*ESTIMATE_FIELDS)
        ):
            pk = row["id"]
            order[pk] = position
            estimates[pk] = {
                "id": pk,
                "url": f"{base}{pk}/",
                "slug": row["slug"],
                "deposits": [],
                "quantity": _decimal(row["quantity"]),
                "unit": row["unit"],
                "quantity_tonnes": _decimal(row["quantity_tonnes"]),
                "material": row["material"],
                "grade_percent": _decimal(row["grade_percent"]),
                "category": row["category"],
                "as_of": row["as_of"],
                "source": row["source_id"],
                "citations": [],
            }
        for estimate_id, deposit_id in (
            through.objects.filter(resourceestimate_id__in=estimate_ids)
            .order_by("deposit__name", "deposit_id")
            .values_list("resourceestimate_id", "deposit_id")
        ):
            estimates[estimate_id]["deposits"].append(deposit_id)
        for estimate_id, source, confidence, note in (
            ResourceEstimateCitation.objects.filter(estimate_id__in=estimate_ids)
            .order_by("id")
            .values_list("estimate_id", "source_id", "confidence", "note")
        ):
            estimates[estimate_id]["citations"].append(
                {"source": source, "confidence": confidence, "note": note}
            )

    base = request.build_absolute_uri("/api/v1/deposits/")
    results = []
    for row in rows:
        pk = row["id"]
        results.append(
            {
                "id": pk,
                "url": f"{base}{pk}/",
                "slug": row["slug"],
                "name": row["name"],
                "country": row["country"],
                "region": row["region"],
                "locality": row["locality"],
                "latitude": _decimal(row["latitude"]),
                "longitude": _decimal(row["longitude"]),
                "deposit_type": row["deposit_type"],
                "status": row["status"],
                "elements": elements.get(pk, []),
                "operator": row["operator_id"],
                "announced_on": row["announced_on"],
                "description": row["description"],
                "estimates": [
                    estimates[e] for e in sorted(covering.get(pk, []), key=order.__getitem__)
                ],
                "citations": citations.get(pk, []),
                "created_at": row["created_at"],
                "updated_at": row["updated_at"],
            }
        )
    url = request.build_absolute_uri()
    next_url = (
        replace_query_param(url, "offset", offset + limit) if offset + limit < count else None
    )
    if offset <= 0:
        previous_url = None
    elif offset - limit <= 0:
        previous_url = remove_query_param(url, "offset")
    else:
        previous_url = replace_query_param(url, "offset", offset - limit)
    body = {"count": count, "next": next_url, "previous": previous_url, "results": results}
    return HttpResponse(
        orjson.dumps(body, option=orjson.OPT_UTC_Z), content_type="application/json"
    )


urlpatterns = [
    path("bench/floor/deposits/", floor_deposits, name="bench-floor-deposits"),
    *api_urlpatterns,
]
