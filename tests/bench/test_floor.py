"""The benchmark floor (bench/urls.py) answers with the API's deposits page.

``make bench`` compares the deposits list with this hand-written view; the comparison means
something only while both do the same work, so every page here must equal the API's, field for
field, except that ``next``/``previous`` name the floor's own path.
"""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from apps.core.choices import Confidence
from apps.deposits.choices import DepositStatus, EstimateCategory, QuantityUnit
from tests.factories import (
    DepositCitationFactory,
    DepositFactory,
    ElementFactory,
    EntityFactory,
    ResourceEstimateCitationFactory,
    ResourceEstimateFactory,
    SourceFactory,
)

API = "/api/v1/deposits/"
FLOOR = "/bench/floor/deposits/"


@pytest.fixture
def deposits(db: None) -> None:
    """Deposits with and without everything the page shows: elements out of atomic order,
    coordinates, an operator, citations, and estimates that cover one or several deposits."""
    nd, dy, la = (ElementFactory(symbol=s) for s in ("Nd", "Dy", "La"))
    report, decree = SourceFactory(), SourceFactory()
    operator = EntityFactory()
    first = DepositFactory(
        name="Alpha",
        elements=[dy, la, nd],
        latitude=Decimal("26.912434"),
        longitude=Decimal("-75.787270"),
        operator=operator,
        announced_on=datetime.date(2026, 3, 4),
        description="Reported find.",
        status=DepositStatus.EXPLORATION,
    )
    second = DepositFactory(name="Beta", elements=[nd])
    DepositFactory(name="Gamma")
    DepositFactory(name="Alpha")  # same name: the id breaks the tie
    DepositFactory(name="Delta", elements=[la])
    DepositCitationFactory(deposit=first, source=report, note="Announced figure.")
    DepositCitationFactory(deposit=first, source=decree, confidence=Confidence.REPORTED)
    DepositCitationFactory(deposit=second, source=decree)
    shared = ResourceEstimateFactory(
        deposits=[second, first],
        quantity=Decimal("12.5"),
        unit=QuantityUnit.KILOTONNE,
        grade_percent=Decimal("0.85"),
        category=EstimateCategory.INFERRED,
        source=report,
    )
    ResourceEstimateFactory(deposits=[first], as_of=datetime.date(2025, 6, 1), source=decree)
    ResourceEstimateCitationFactory(estimate=shared, source=decree, note="Disputed.")


def _page(path: str, query: dict[str, Any]) -> dict[str, Any]:
    response = APIClient().get(path, query, HTTP_CACHE_CONTROL="no-cache")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


@override_settings(ROOT_URLCONF="bench.urls")
@pytest.mark.parametrize(
    "query",
    [{}, {"limit": 2}, {"limit": 2, "offset": 2}, {"limit": 2, "offset": 4}, {"limit": 1000}],
)
def test_the_floor_answers_with_the_api_page(deposits: None, query: dict[str, Any]) -> None:
    api, floor = _page(API, query), _page(FLOOR, query)
    assert floor["results"], "the page is not empty"
    for link in ("next", "previous"):
        if floor[link] is not None:
            floor[link] = floor[link].replace(FLOOR, API)
    assert floor == api
