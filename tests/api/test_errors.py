"""API-wide failures: every one answers in the one JSON error shape with the right status.

404 for unknown /api/ paths, 405, malformed JSON, unsupported media types, bodies over the
limit, unknown formats, bad paging and unknown parameters, throttling; and ``/healthz``.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from pytest_django.fixtures import Settings as SettingsWrapper
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from apps.core.testing import assert_error, database_state, token_client
from apps.sources.models import Source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

LISTS = (
    "/api/v1/sources/",
    "/api/v1/elements/",
    "/api/v1/entities/",
    "/api/v1/deposits/",
    "/api/v1/resource-estimates/",
    "/api/v1/agreements/",
    "/api/v1/control-measures/",
)
SOURCE = {"slug": "a-source", "title": "A source", "kind": "news"}


@pytest.mark.parametrize(
    "path", ["/api/v1/nope/", "/api/v2/", "/api/", "/api/v1/deposits/999999/", "/api/v1/x"]
)
def test_unknown_api_path_is_a_json_404(anon: APIClient, path: str) -> None:
    assert_error(anon.get(path), 404)


def test_non_api_404_stays_html(anon: APIClient) -> None:
    response = anon.get("/nope/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", "/api/v1/sources/"),
        ("put", "/api/v1/sources/"),
        ("post", "/api/v1/"),
        ("delete", "/api/v1/"),
    ],
)
def test_method_not_allowed_is_a_json_405(curator_api: APIClient, method: str, path: str) -> None:
    assert_error(getattr(curator_api, method)(path, {}, format="json"), 405)


def test_malformed_json_is_a_400_parse_error(curator_api: APIClient) -> None:
    before = database_state()
    response = curator_api.generic(
        "POST", "/api/v1/sources/", '{"slug": "x",', content_type="application/json"
    )
    assert_error(response, 400)
    assert response.json()["errors"][0]["code"] == "parse_error"
    assert database_state() == before


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "text/plain", "application/xml"]
)
def test_unsupported_content_type_is_415(curator_api: APIClient, content_type: str) -> None:
    before = database_state()
    response = curator_api.generic("POST", "/api/v1/sources/", "slug=x", content_type=content_type)
    assert_error(response, 415)
    assert database_state() == before


def test_body_over_the_limit_is_413(curator_api: APIClient, settings: SettingsWrapper) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    source = SourceFactory()
    before = database_state()
    big = {**SOURCE, "notes": "x" * 2_000}
    response = curator_api.post("/api/v1/sources/", big, format="json")
    assert_error(response, 413)
    patched = curator_api.patch(f"/api/v1/sources/{source.pk}/", big, format="json")
    assert_error(patched, 413)
    assert database_state() == before
    # Under the limit, the same request goes through.
    assert curator_api.post("/api/v1/sources/", SOURCE, format="json").status_code == 201


@pytest.mark.parametrize("path", ["/api/v1/sources/", "/api/v1/deposits/", "/api/v1/"])
@pytest.mark.parametrize("fmt", ["xml", "api"])
def test_unknown_format_is_400(anon: APIClient, path: str, fmt: str) -> None:
    assert_error(anon.get(f"{path}?format={fmt}"), 400, "format")


def test_unsatisfiable_accept_header_is_406(anon: APIClient) -> None:
    assert_error(anon.get("/api/v1/sources/", HTTP_ACCEPT="application/xml"), 406)


def test_csv_on_a_detail(anon: APIClient) -> None:
    source = SourceFactory()
    response = anon.get(f"/api/v1/sources/{source.pk}/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0].startswith("id,url,slug,title")


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("limit", "0"),
        ("limit", "-1"),
        ("limit", "abc"),
        ("limit", "1001"),
        ("limit", "1.5"),
        ("limit", ""),
        ("offset", "-1"),
        ("offset", "x"),
    ],
)
def test_bad_paging_is_400_naming_the_parameter(anon: APIClient, param: str, value: str) -> None:
    assert_error(anon.get(f"/api/v1/sources/?{param}={value}"), 400, param)


@pytest.mark.parametrize("path", LISTS)
def test_every_list_refuses_bad_paging(anon: APIClient, path: str) -> None:
    assert_error(anon.get(f"{path}?limit=1001"), 400, "limit")
    assert_error(anon.get(f"{path}?offset=-1"), 400, "offset")


def test_paging_limits(anon: APIClient) -> None:
    for _ in range(3):
        SourceFactory()
    assert len(anon.get("/api/v1/sources/?limit=1000").json()["results"]) == 3
    assert len(anon.get("/api/v1/sources/?limit=1").json()["results"]) == 1
    body = anon.get("/api/v1/sources/?offset=5").json()
    assert body["count"] == 3
    assert body["results"] == []
    assert len(anon.get("/api/v1/sources/").json()["results"]) == 3  # default 50


@pytest.mark.parametrize("path", LISTS)
def test_unknown_parameter_is_400_naming_it(anon: APIClient, path: str) -> None:
    response = anon.get(f"{path}?colour=red&limit=5")
    assert_error(response, 400, "colour")
    assert "limit" not in [e["attr"] for e in response.json()["errors"]]


@pytest.mark.parametrize("path", LISTS)
def test_common_list_filters_refuse_bad_values(anon: APIClient, path: str) -> None:
    response = anon.get(f"{path}?updated_since=yesterday&ordering=no_such_field")
    assert_error(response, 400, "updated_since")
    assert_error(response, 400, "ordering")
    assert_error(anon.get(f"{path}?q={'x' * 201}"), 400, "q")


def test_every_error_of_one_request_is_reported(anon: APIClient) -> None:
    response = anon.get("/api/v1/deposits/?colour=red&shape=round")
    assert_error(response, 400)
    assert {e["attr"] for e in response.json()["errors"]} == {"colour", "shape"}


# --- throttling ------------------------------------------------------------------------


@pytest.fixture
def low_rates(settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch) -> None:
    rates = {"anon": "3/minute", "user": "5/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    # DRF copies the rates into SimpleRateThrottle.THROTTLE_RATES when it is imported, so a
    # settings change alone does not reach the throttles (the environment does, at start).
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    cache.clear()


@pytest.mark.usefixtures("low_rates")
def test_anonymous_reads_are_throttled(anon: APIClient) -> None:
    for _ in range(3):
        assert anon.get("/api/v1/sources/").status_code == 200
    response = anon.get("/api/v1/sources/")
    assert_error(response, 429)
    assert response.json()["errors"][0]["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60


@pytest.mark.usefixtures("low_rates")
def test_token_users_have_their_own_higher_rate(anon: APIClient, curator: User) -> None:
    for _ in range(3):
        anon.get("/api/v1/sources/")
    assert anon.get("/api/v1/sources/").status_code == 429
    client = token_client(curator)
    for _ in range(5):
        assert client.get("/api/v1/sources/").status_code == 200
    assert_error(client.get("/api/v1/sources/"), 429)


@pytest.mark.usefixtures("low_rates")
def test_throttled_write_changes_nothing(curator: User) -> None:
    client = token_client(curator)
    for _ in range(5):
        client.get("/api/v1/sources/")
    before = Source.objects.count()
    assert_error(client.post("/api/v1/sources/", SOURCE, format="json"), 429)
    assert Source.objects.count() == before


# --- health ----------------------------------------------------------------------------


def test_healthz(anon: APIClient) -> None:
    response = anon.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
