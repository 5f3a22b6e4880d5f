"""Fields a write may not set: unknown fields and read-only fields.

* Unknown fields (a misspelt name, ``is_staff``, a model column the API does not offer such as
  ``search_text``), at the top level or in a nested part: a 400 naming each
  (``citations.0.confidance``), so that a client learns of its typo and nothing a client
  sends is silently ignored (``KnownFieldsOnly`` in apps/core/api/serializers.py). Tested on
  its own as well: nothing outside the representation reaches a record (no mass assignment).
* Read-only fields (``id``, ``url``, ``created_at``, ``updated_at``; an estimate's
  ``quantity_tonnes``; a deposit's ``estimates``; the ``name`` of a party or of a restricted
  entity). Documented behaviour: the schema marks them ``readOnly`` in responses and leaves
  them out of the request bodies (``<Resource>Request``, ``Patched<Resource>Request``), and a
  write that sends them anyway is answered as if they were absent: they are ignored (DRF's
  behaviour; the API does not refuse them, so a client may send back what it read). The
  server's values stand, and a PATCH of read-only fields alone changes nothing: no history
  row, the same representation and ETag.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.db import models
from rest_framework.test import APIClient

from apps.core.testing import assert_unchanged, database_state
from tests.hostile.targets import WRITABLE, World, create_bodies, refusal_problem

pytestmark = pytest.mark.django_db

#: Sent with a value a client has no business choosing; the server's value must stand.
COMMON_READ_ONLY = {
    "id": 999_999,
    "url": "https://attacker.example/records/1/",
    "created_at": "2000-01-01T00:00:00Z",
    "updated_at": "2000-01-01T00:00:00Z",
}
#: Read-only fields of one resource, top level: (field, forged value).
READ_ONLY: dict[str, dict[str, Any]] = {
    "resource-estimates": {"quantity_tonnes": "1.0000"},
    "deposits": {"estimates": [{"id": 1, "slug": "forged", "quantity": "999"}]},
}
#: The response component of each resource in the OpenAPI schema.
COMPONENT = {
    "sources": "Source",
    "entities": "Entity",
    "deposits": "Deposit",
    "resource-estimates": "ResourceEstimate",
    "agreements": "Agreement",
    "control-measures": "ControlMeasure",
}
UNKNOWN = {"is_staff": True, "colour": "red", "search_text": "hijacked"}


def forged(prefix: str, body: dict[str, Any]) -> dict[str, Any]:
    """``body`` with every read-only field set to a forged value, nested ones included."""
    body = {**body, **COMMON_READ_ONLY, **READ_ONLY.get(prefix, {})}
    if prefix == "agreements":
        body["parties"] = [{**party, "name": "Forged name"} for party in body["parties"]]
    if prefix == "control-measures":
        body["restricted_entities"] = [
            {**item, "name": "Forged name"} for item in body["restricted_entities"]
        ]
    return body


def model_of(prefix: str, world: World) -> type[models.Model]:
    return type(world.record(prefix))


# --- unknown fields ------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", WRITABLE)
def test_unknown_fields_are_400_naming_them(
    curator_api: APIClient, world: World, prefix: str
) -> None:
    body = create_bodies(world)[prefix]
    record = world.record(prefix)
    before = database_state()
    created = curator_api.post(f"/api/v1/{prefix}/", {**body, **UNKNOWN}, format="json")
    assert refusal_problem(created, set(UNKNOWN)) is None
    assert {error["attr"] for error in created.json()["errors"]} == set(UNKNOWN)
    patched = curator_api.patch(f"/api/v1/{prefix}/{record.pk}/", UNKNOWN, format="json")
    assert refusal_problem(patched, set(UNKNOWN)) is None
    assert_unchanged(before, database_state())


@pytest.mark.parametrize("prefix", [prefix for prefix in WRITABLE if prefix != "sources"])
def test_unknown_fields_in_nested_parts_are_400_naming_them(
    curator_api: APIClient, world: World, prefix: str
) -> None:
    body = create_bodies(world)[prefix]
    body["citations"] = [{**body["citations"][0], "confidance": "official"}]
    before = database_state()
    response = curator_api.post(f"/api/v1/{prefix}/", body, format="json")
    assert refusal_problem(response, {"citations.0.confidance"}) is None
    assert_unchanged(before, database_state())


@pytest.mark.parametrize("prefix", WRITABLE)
def test_fields_outside_the_representation_never_reach_the_record(
    curator_api: APIClient, world: World, prefix: str
) -> None:
    """No mass assignment: whatever the answer to unknown fields (ignored today, a 400 once
    they are refused), a column the API does not offer keeps the server's value."""
    model = model_of(prefix, world)
    record = world.record(prefix)
    stored = model._default_manager.values().get(pk=record.pk)
    hostile = {**UNKNOWN, "pk": 999_999, "history_user": 1, "history_type": "-"}
    patched = curator_api.patch(f"/api/v1/{prefix}/{record.pk}/", hostile, format="json")
    assert patched.status_code in {200, 400}, patched.content[:500]
    after = model._default_manager.values().get(pk=record.pk)
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in stored.items() if k != "updated_at"
    }
    assert not model._default_manager.filter(pk=999_999).exists()
    created = curator_api.post(
        f"/api/v1/{prefix}/", {**create_bodies(world)[prefix], **hostile}, format="json"
    )
    assert created.status_code in {201, 400}, created.content[:500]
    if created.status_code == 201:
        row = model._default_manager.values().get(pk=created.json()["id"])
        assert row.get("search_text") != "hijacked", row
        assert row["id"] != 999_999


# --- read-only fields ------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", WRITABLE)
def test_read_only_fields_are_ignored_on_create(
    curator_api: APIClient, world: World, prefix: str
) -> None:
    model = model_of(prefix, world)
    count = model._default_manager.count()
    response = curator_api.post(
        f"/api/v1/{prefix}/", forged(prefix, create_bodies(world)[prefix]), format="json"
    )
    assert response.status_code == 201, response.content[:500]
    created = response.json()
    assert model._default_manager.count() == count + 1
    assert created["id"] != COMMON_READ_ONLY["id"]
    assert (
        created["url"]
        == response["Location"]
        == (f"http://testserver/api/v1/{prefix}/{created['id']}/")
    )
    assert not created["created_at"].startswith("2000"), created["created_at"]
    assert not created["updated_at"].startswith("2000"), created["updated_at"]
    if prefix == "resource-estimates":
        assert created["quantity_tonnes"] == "1290000.0000"  # 1.29 Mt, converted
    if prefix == "deposits":
        assert created["estimates"] == []
    if prefix == "agreements":
        assert [party["name"] for party in created["parties"]] == [world.entity.name]
    if prefix == "control-measures":
        assert [item["name"] for item in created["restricted_entities"]] == [world.entity.name]


@pytest.mark.parametrize("prefix", WRITABLE)
def test_read_only_fields_alone_change_nothing(
    curator_api: APIClient, world: World, prefix: str
) -> None:
    url = f"/api/v1/{prefix}/{world.record(prefix).pk}/"
    read = curator_api.get(url)
    history = world.record(prefix).history  # type: ignore[attr-defined]
    rows = history.count()
    before = database_state()
    only_read_only = {
        key: value
        for key, value in forged(prefix, read.json()).items()
        if key in {*COMMON_READ_ONLY, *READ_ONLY.get(prefix, {})}
    }
    for method, body in (("patch", only_read_only), ("put", forged(prefix, read.json()))):
        response = getattr(curator_api, method)(url, body, format="json")
        assert response.status_code == 200, (method, response.content[:500])
        assert response.json() == read.json(), method
        assert response["ETag"] == read["ETag"], method
    assert history.count() == rows
    assert_unchanged(before, database_state())


def _schema() -> dict[str, Any]:
    path = Path(settings.BASE_DIR) / "minerals_api" / "openapi.yaml"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    schema: dict[str, Any] = yaml.load(path.read_text(), Loader=loader)
    return schema["components"]["schemas"]


@pytest.fixture(scope="module")
def components() -> dict[str, Any]:
    return _schema()


@pytest.mark.parametrize("prefix", WRITABLE)
def test_the_schema_documents_the_read_only_fields(components: dict[str, Any], prefix: str) -> None:
    name = COMPONENT[prefix]
    read_only = {*COMMON_READ_ONLY, *READ_ONLY.get(prefix, {})}
    response = components[name]["properties"]
    assert all(response[field].get("readOnly") for field in read_only), response
    for request in (f"{name}Request", f"Patched{name}Request"):
        assert not read_only & set(components[request]["properties"]), request
    for nested in ("Party", "RestrictedEntity"):
        assert components[nested]["properties"]["name"].get("readOnly")
        assert "name" not in components[f"{nested}Request"]["properties"]
