"""``GET /api/v1/``: every resource with its link, record count and time of its last change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from rest_framework.test import APIClient

from apps.core.testing import assert_error
from tests.factories import DepositFactory, SourceFactory

RESOURCES = (
    "sources",
    "elements",
    "entities",
    "deposits",
    "resource-estimates",
    "agreements",
    "control-measures",
)

pytestmark = pytest.mark.django_db


def resources(client: APIClient) -> dict[str, dict[str, Any]]:
    response = client.get("/api/v1/")
    assert response.status_code == 200, response.content
    return {item["name"]: item for item in response.json()["resources"]}


def test_root_lists_the_resources(anon: APIClient) -> None:
    listed = resources(anon)
    assert set(RESOURCES) <= set(listed)
    for name in RESOURCES:
        item = listed[name]
        assert set(item) == {"name", "url", "count", "last_changed_at"}
        assert item["url"] == f"http://testserver/api/v1/{name}/"
        assert anon.get(item["url"]).status_code == 200
        assert item["count"] == 0
        assert item["last_changed_at"] is None


def test_root_counts_and_dates_follow_the_data(anon: APIClient, curator_api: APIClient) -> None:
    SourceFactory()
    deposits = [DepositFactory(), DepositFactory()]
    before = resources(anon)
    assert before["deposits"]["count"] == 2
    assert before["sources"]["count"] == 1
    created = datetime.fromisoformat(before["deposits"]["last_changed_at"])

    assert curator_api.delete(f"/api/v1/deposits/{deposits[0].pk}/").status_code == 204
    after = resources(anon)
    assert after["deposits"]["count"] == 1
    # A deletion is a change too: the time moves although no remaining row changed.
    assert datetime.fromisoformat(after["deposits"]["last_changed_at"]) > created
    assert after["sources"] == before["sources"]


def test_root_refuses_unknown_parameters(anon: APIClient) -> None:
    assert_error(anon.get("/api/v1/?colour=red"), 400, "colour")
