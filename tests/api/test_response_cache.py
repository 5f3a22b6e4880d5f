"""Read responses come from the cache until the dataset changes, and never after.

apps/core/api/response_cache.py keys a response by the newest change-event id, today's date,
the format and the URL. These tests change the data through each door curators use (the API,
a part on its own, the admin) and check that the next read is computed afresh.
"""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.core.api.response_cache import HEADER
from apps.deposits.models import Deposit
from tests.admin.helpers import admin_url, post_data
from tests.factories import DepositFactory, EntityAliasFactory, EntityFactory

pytestmark = pytest.mark.django_db

DEPOSITS = "/api/v1/deposits/"


@pytest.fixture
def deposit() -> Deposit:
    return DepositFactory(slug="odisha-sands", name="Odisha beach sands", region="IN-OD")


def get(anon: APIClient, url: str, **extra: Any) -> Any:
    response = anon.get(url, **extra)
    assert response.status_code in {200, 304}, response.content[:2000]
    return response


def test_a_repeated_read_is_served_from_the_cache_with_one_query(
    anon: APIClient, deposit: Deposit
) -> None:
    first = get(anon, DEPOSITS)
    with CaptureQueriesContext(connection) as queries:
        second = get(anon, DEPOSITS)

    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == "application/json"
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]  # the version


def test_an_api_write_makes_the_next_read_fresh(
    anon: APIClient, curator_api: APIClient, deposit: Deposit
) -> None:
    url = f"{DEPOSITS}{deposit.pk}/"
    get(anon, url)
    get(anon, DEPOSITS)

    patched = curator_api.patch(url, {"status": "exploration"}, format="json")
    assert patched.status_code == 200, patched.content

    detail, page = get(anon, url), get(anon, DEPOSITS)
    assert (detail[HEADER], page[HEADER]) == ("miss", "miss")
    assert detail.json()["status"] == "exploration"
    assert page.json()["results"][0]["status"] == "exploration"
    assert detail["ETag"] == patched["ETag"]


def test_a_part_changed_on_its_own_makes_its_record_fresh(anon: APIClient) -> None:
    entity = EntityFactory(slug="jaxa", name="Japan Aerospace Exploration Agency")
    url = f"/api/v1/entities/{entity.pk}/"
    assert get(anon, url).json()["aliases"] == []

    EntityAliasFactory(entity=entity, name="JAXA", kind="abbreviation")

    response = get(anon, url)
    assert response[HEADER] == "miss"
    assert [alias["name"] for alias in response.json()["aliases"]] == ["JAXA"]


def test_an_admin_edit_makes_the_next_read_fresh(
    anon: APIClient, curator_client: Client, deposit: Deposit
) -> None:
    url = f"{DEPOSITS}{deposit.pk}/"
    get(anon, url)
    change = admin_url(Deposit, "change", deposit.pk)
    data = post_data(curator_client.get(change))
    data["name"] = "Chhatrapur beach sands"
    assert curator_client.post(change, data).status_code == 302

    assert get(anon, url).json()["name"] == "Chhatrapur beach sands"


def test_no_cache_asks_for_a_fresh_answer(anon: APIClient, deposit: Deposit) -> None:
    get(anon, DEPOSITS)
    response = get(anon, DEPOSITS, HTTP_CACHE_CONTROL="no-cache")
    assert HEADER not in response
    assert get(anon, DEPOSITS)[HEADER] == "hit"


def test_formats_and_hosts_are_kept_apart(anon: APIClient, deposit: Deposit) -> None:
    as_json = get(anon, DEPOSITS)
    as_csv = get(anon, DEPOSITS, HTTP_ACCEPT="text/csv")
    other_host = get(anon, DEPOSITS, HTTP_HOST="localhost")

    assert as_csv[HEADER] == "miss"
    assert as_csv["Content-Type"].startswith("text/csv")
    assert other_host[HEADER] == "miss"
    assert other_host.json()["results"][0]["url"].startswith("http://localhost/")
    assert as_json.json()["results"][0]["url"].startswith("http://testserver/")


def test_if_none_match_on_a_cached_record_is_a_304(anon: APIClient, deposit: Deposit) -> None:
    url = f"{DEPOSITS}{deposit.pk}/"
    etag = get(anon, url)["ETag"]
    response = get(anon, url, HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response[HEADER], response["ETag"]) == (304, "hit", etag)
    assert response.content == b""


def test_errors_are_not_kept(anon: APIClient, deposit: Deposit) -> None:
    for _ in range(2):
        response = anon.get(DEPOSITS, {"country": "XX"})
        assert response.status_code == 400
        assert HEADER not in response
    assert anon.get(f"{DEPOSITS}999999/").status_code == 404
    assert HEADER not in anon.get(f"{DEPOSITS}999999/")


def test_answers_for_today_are_recomputed_the_next_day(anon: APIClient, db: None) -> None:
    url = "/api/v1/controlled-elements/"
    assert get(anon, url)[HEADER] == "miss"
    assert get(anon, url)[HEADER] == "hit"
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with mock.patch("apps.core.api.response_cache.today_utc", return_value=tomorrow):
        assert get(anon, url)[HEADER] == "miss"


def test_writes_and_batch_screening_are_never_cached(
    anon: APIClient, curator_api: APIClient, db: None
) -> None:
    body = {"names": ["JAXA"]}
    for _ in range(2):
        response = anon.post("/api/v1/screening/", body, format="json")
        assert response.status_code == 200
        assert HEADER not in response


def test_caching_can_be_turned_off(anon: APIClient, deposit: Deposit, settings: Any) -> None:
    settings.API_RESPONSE_CACHE_SECONDS = 0
    for _ in range(2):
        assert HEADER not in get(anon, DEPOSITS)


def test_large_responses_are_computed_each_time(
    anon: APIClient, deposit: Deposit, settings: Any
) -> None:
    settings.API_RESPONSE_CACHE_MAX_BYTES = 100
    assert [get(anon, DEPOSITS)[HEADER] for _ in range(2)] == ["miss", "miss"]
