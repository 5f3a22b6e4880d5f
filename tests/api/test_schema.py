"""The OpenAPI schema: served as YAML and JSON, browsable with local assets only, complete
(summary, tag and error responses on every operation), and committed without drift.

The committed copy, ``minerals_api/openapi.yaml``, lets clients and reviewers see the contract
change in a diff; the drift test fails when the code and that file disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from rest_framework.test import APIClient

COMMITTED = Path(settings.BASE_DIR) / "minerals_api" / "openapi.yaml"
REGENERATE = ".venv/bin/python manage.py spectacular --file minerals_api/openapi.yaml"
METHODS = ("get", "put", "patch", "post", "delete")

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Generated:
    text: str
    problems: list[str]


@pytest.fixture(scope="module")
def schema(django_db_blocker: Any) -> dict[str, Any]:
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    return yaml.safe_load(response.content)


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_schema_is_served_as_yaml_and_json(anon: APIClient, schema: dict[str, Any]) -> None:
    assert schema["openapi"].startswith("3.")
    as_json = anon.get("/api/schema/?format=json")
    assert as_json.status_code == 200
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert as_json.json()["info"]["title"] == "Critical-minerals reference API"
    assert set(as_json.json()["paths"]) == set(schema["paths"])


def test_schema_covers_every_resource(schema: dict[str, Any]) -> None:
    for prefix in (
        "sources",
        "entities",
        "deposits",
        "resource-estimates",
        "agreements",
        "control-measures",
    ):
        assert set(schema["paths"][f"/api/v1/{prefix}/{{id}}/"]) >= {
            "get",
            "put",
            "patch",
            "delete",
        }
        assert set(schema["paths"][f"/api/v1/{prefix}/"]) >= {"get", "post"}
    assert set(schema["paths"]["/api/v1/elements/{symbol}/"]) & set(METHODS) == {"get"}


def _doc_page_assets(anon: APIClient, path: str) -> tuple[str, list[str]]:
    response = anon.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    return html, re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_use_only_local_assets(anon: APIClient, path: str) -> None:
    html, assets = _doc_page_assets(anon, path)
    assert assets, "no script or stylesheet found"
    remote = re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"'<>)]*", html)
    assert not remote, f"{path} loads from other hosts: {remote}"


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_assets_are_the_sidecar_files(anon: APIClient, path: str) -> None:
    _, assets = _doc_page_assets(anon, path)
    local = [a for a in assets if a.startswith(settings.STATIC_URL) or a.startswith("/static/")]
    assert any("drf_spectacular_sidecar" in a for a in local), assets
    for asset in local:
        relative = asset.split("/static/", 1)[1].split("?")[0]
        assert finders.find(relative), f"{asset} is referenced but not shipped"


def test_every_operation_has_a_summary_and_a_tag(schema: dict[str, Any]) -> None:
    missing = [
        f"{method} {path}"
        for method, path, operation in operations(schema)
        if not operation.get("summary") or not operation.get("tags")
    ]
    assert not missing, "operations without a summary or tag:\n" + "\n".join(missing)


RESOURCE_PATH = re.compile(
    r"^/api/v1/(sources|elements|entities|deposits|resource-estimates|agreements|"
    r"control-measures)/(\{\w+\}/)?$"
)


def _required_errors(method: str, path: str) -> set[str]:
    """The error statuses an operation can answer with, so must document."""
    required = {"400", "429", "500"}
    is_record_write = method != "GET" and RESOURCE_PATH.match(path)
    if is_record_write:
        required |= {"401", "403"}
    if method in {"POST", "PUT", "PATCH"}:
        required |= {"413", "415"}
    if is_record_write and method in {"PUT", "PATCH", "DELETE"}:
        required |= {"412"}
    if is_record_write and method == "DELETE":
        required |= {"409"}
    if "{" in path:
        required |= {"404"}
    return required


def _is_error_shape(components: dict[str, Any], ref: str) -> bool:
    """The component (or each alternative of a oneOf) has exactly ``type`` and ``errors``."""
    shape = components[ref.rsplit("/", 1)[1]]
    if "oneOf" in shape:
        return all(_is_error_shape(components, alt["$ref"]) for alt in shape["oneOf"])
    return set(shape.get("properties", {})) == {"type", "errors"}


def test_every_operation_documents_its_errors(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    problems = []
    for method, path, operation in operations(schema):
        responses = operation["responses"]
        missing = _required_errors(method, path) - set(responses)
        if missing:
            problems.append(f"{method} {path}: no {sorted(missing)}")
        for status, response in responses.items():
            if not status.startswith(("4", "5")):
                continue
            ref = response["content"]["application/json"]["schema"]["$ref"]
            if not _is_error_shape(components, ref):
                problems.append(f"{method} {path} {status}: {ref} is not the error shape")
    assert not problems, "\n".join(problems)


def test_cached_reads_document_the_response_cache_headers(schema: dict[str, Any]) -> None:
    """GETs that may come from the response cache say so (Cache-Control in, X-Response-Cache
    out); writes, batch screening and the change feed do not."""
    cached: list[tuple[str, str]] = []
    computed: list[tuple[str, str]] = []
    for method, path, operation in operations(schema):
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        documented = "X-Response-Cache" in operation["responses"].get("200", {}).get("headers", {})
        (cached if "Cache-Control" in headers and documented else computed).append((method, path))
    assert ("GET", "/api/v1/deposits/") in cached
    assert ("GET", "/api/v1/deposits/{id}/") in cached
    assert ("GET", "/api/v1/screening/") in cached
    assert ("GET", "/api/v1/controlled-elements/") in cached
    assert ("POST", "/api/v1/screening/") in computed
    assert ("GET", "/api/v1/changes/") in computed
    assert all(method == "GET" for method, _ in cached)


def test_write_operations_document_token_auth(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert any(
        s.get("type") == "apiKey" and s.get("name") == "Authorization" for s in schemes.values()
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any) -> Generated:
    """The schema as ``manage.py spectacular`` writes it, with the generator's complaints
    (generated once: it takes seconds)."""
    path = tmp_path_factory.mktemp("schema") / "openapi.yaml"
    GENERATOR_STATS.reset()
    with django_db_blocker.unblock():
        call_command("spectacular", "--file", str(path))
    # The command only counts warnings and errors (it prints them); keep them to report.
    problems = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    return Generated(path.read_text(), problems)


def test_schema_generates_without_warnings(generated: Generated) -> None:
    assert not generated.problems, "\n".join(generated.problems)


def test_committed_schema_has_no_drift(generated: Generated) -> None:
    assert COMMITTED.exists(), f"{COMMITTED} is missing; generate it with: {REGENERATE}"
    assert COMMITTED.read_text() == generated.text, (
        f"The API changed but {COMMITTED.name} did not (or the reverse). Review the change, "
        f"then regenerate it with: {REGENERATE}"
    )
