"""Ids no record can have: past the 64-bit range, negative, zero, thousands of digits.

A primary key is a positive 64-bit integer. An id that cannot name a record is "not found" at
a URL (404) and "no such record" in a filter, a body or a cursor (400 naming the parameter or
field): never a 500 from an integer conversion (Python refuses int() of more than 4,300
digits) or from a database parameter out of range, and the same answer on SQLite and
PostgreSQL. A refused write changes nothing.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from apps.core.filtersets import RecordIdFilter
from apps.core.testing import assert_unchanged, database_state
from minerals_api.api import router
from tests.hostile.targets import (
    TARGETS,
    WRITABLE,
    Target,
    World,
    attr_names,
    create_bodies,
    leaves,
    patch_of,
    refusal_problem,
    replaced,
)

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = ("9223372036854775808", "18446744073709551616", "99999999999999999999")
#: Ids a URL's digits-only pattern lets through that name no record.
IMPOSSIBLE_URL_IDS = ("0", "000", "9223372036854775807", *BEYOND_64_BITS, "9" * 4300)
#: Those also tried with PUT, PATCH and DELETE (which lock the row before reading it).
WRITTEN_URL_IDS = ("0", "9223372036854775808", "9" * 4300)
#: Ids the URL pattern refuses: they are paths that do not exist.
UNROUTED_URL_IDS = ("-1", "-99999999999999999999", "1e3", "0x1", "1.0", "%201", "+1")
#: Ids a filter must refuse (no record, or not an id at all).
IMPOSSIBLE_FILTER_IDS = (
    "0",
    "9223372036854775808",
    "99999999999999999999",
    "9" * 4300,
    "9" * 10_000,
    "-1",
    "-99999999999999999999",
    "1.5",
    "1e3",
    "0x1",
    "Dy",
)
#: JSON ids in a body: past 64 bits, negative, zero.
IMPOSSIBLE_BODY_IDS: tuple[int, ...] = (2**63, 10**30, -1, -(2**63) - 1, 0)

ID_FILTERS = [
    (target, name)
    for target in TARGETS
    if target.label.endswith("-list")
    for prefix, viewset, _ in router.registry
    if target.label == f"{prefix}-list"
    for name, declared in viewset.filterset_class.base_filters.items()  # type: ignore[attr-defined]
    if isinstance(declared, RecordIdFilter)
]
WRITES = ("get", "put", "patch", "delete")


def cursor(text: str) -> str:
    """A change-feed cursor as the feed writes them (base64 of ``e<event id>``)."""
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# --- URLs --------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", [*WRITABLE, "elements"])
def test_impossible_ids_in_detail_urls_are_404(
    curator_api: APIClient, world: World, prefix: str
) -> None:
    before = database_state()
    problems: dict[Any, Any] = {}
    for record_id in (*IMPOSSIBLE_URL_IDS, *UNROUTED_URL_IDS):
        # An id the URL pattern refuses never reaches a view: one method shows it.
        routed = record_id in WRITTEN_URL_IDS and prefix != "elements"
        for method in WRITES if routed else ("get",):
            response = getattr(curator_api, method)(f"/api/v1/{prefix}/{record_id}/")
            if problem := refusal_problem(response, set(), status=404):
                problems[method, record_id[:25]] = problem
    assert not problems, problems
    assert_unchanged(before, database_state())


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_thousands_of_digits_in_a_detail_url_are_404_for_writes(
    curator_api: APIClient, world: World, method: str
) -> None:
    before = database_state()
    response = getattr(curator_api, method)(f"/api/v1/deposits/{'9' * 4301}/", {}, format="json")
    assert refusal_problem(response, set(), status=404) is None
    assert_unchanged(before, database_state())


def test_thousands_of_digits_in_a_detail_url_are_404_for_reads(
    anon: APIClient, world: World
) -> None:
    for digits in (4301, 10_000):
        response = anon.get(f"/api/v1/deposits/{'9' * digits}/")
        assert refusal_problem(response, set(), status=404) is None


def test_impossible_entities_have_no_exposure(anon: APIClient, world: World) -> None:
    problems: dict[Any, Any] = {}
    for record_id in (*IMPOSSIBLE_URL_IDS, "9" * 10_000, *UNROUTED_URL_IDS):
        response = anon.get(f"/api/v1/entities/{record_id}/exposure/")
        if problem := refusal_problem(response, set(), status=404):
            problems[record_id[:25]] = problem
    assert not problems, problems


# --- filters -----------------------------------------------------------------------------


def test_every_id_filter_is_attacked() -> None:
    assert {(target.label, name) for target, name in ID_FILTERS} == {
        ("entities-list", "parent"),
        ("deposits-list", "operator"),
        ("resource-estimates-list", "deposit"),
        ("resource-estimates-list", "source"),
        ("agreements-list", "party"),
        ("control-measures-list", "authority"),
        ("control-measures-list", "entity"),
    }


@pytest.mark.parametrize(
    ("target", "name"), ID_FILTERS, ids=[f"{t.label}-{n}" for t, n in ID_FILTERS]
)
def test_impossible_ids_in_id_filters_are_400(
    anon: APIClient, world: World, target: Target, name: str
) -> None:
    problems: dict[Any, Any] = {}
    for record_id in IMPOSSIBLE_FILTER_IDS:
        response = anon.get(target.url(world, [(name, record_id)]))
        if problem := refusal_problem(response, {name}):
            problems[record_id[:25]] = problem
    assert not problems, problems


def test_impossible_ids_in_screening_exclusions_are_400(
    anon: APIClient, curator_api: APIClient, world: World
) -> None:
    problems: dict[Any, str] = {}
    for record_id in (*IMPOSSIBLE_FILTER_IDS, "1,-1", f"1,{BEYOND_64_BITS[0]}"):
        response = anon.get("/api/v1/screening/", {"name": "JAXA", "exclude": record_id})
        if problem := refusal_problem(response, {"exclude"}):
            problems["GET", record_id[:25]] = problem
    for number in IMPOSSIBLE_BODY_IDS:
        body = {"names": ["JAXA"], "exclude": [number]}
        response = curator_api.post("/api/v1/screening/", body, format="json")
        if problem := refusal_problem(response, {"exclude"}):
            problems["POST", number] = problem
    assert not problems, problems


# --- bodies ------------------------------------------------------------------------------


def id_paths(body: dict[str, Any]) -> list[str]:
    """The places of a body that hold a record id (every integer in these bodies is one)."""
    return [path for path, value in leaves(body) if isinstance(value, int)]


@pytest.mark.parametrize("prefix", [prefix for prefix in WRITABLE if prefix != "sources"])
def test_impossible_ids_in_bodies_are_400(
    curator_api: APIClient, world: World, prefix: str
) -> None:
    body = create_bodies(world)[prefix]
    record = world.record(prefix)
    assert id_paths(body)
    before = database_state()
    problems: dict[Any, Any] = {}
    for index, path in enumerate(id_paths(body)):
        # Every place gets every impossible id, half of them in a POST, half in a PATCH.
        for turn, number in enumerate(IMPOSSIBLE_BODY_IDS):
            if (index + turn) % 2:
                url, sent = f"/api/v1/{prefix}/", replaced(body, path, number)
                response = curator_api.post(url, sent, format="json")
            else:
                url, sent = f"/api/v1/{prefix}/{record.pk}/", patch_of(body, path, number)
                response = curator_api.patch(url, sent, format="json")
            if problem := refusal_problem(response, attr_names(path)):
                problems[path, number] = problem
    assert not problems, problems
    assert_unchanged(before, database_state())


def test_impossible_ids_in_a_suspension_are_400(curator_api: APIClient, world: World) -> None:
    body = {**create_bodies(world)["control-measures"], "kind": "suspension"}
    body["controlled_elements"] = body["restricted_entities"] = []
    before = database_state()
    for number in IMPOSSIBLE_BODY_IDS:
        response = curator_api.post(
            "/api/v1/control-measures/", {**body, "suspends": [number]}, format="json"
        )
        assert refusal_problem(response, {"suspends"}) is None, number
    assert_unchanged(before, database_state())


def test_an_id_of_thousands_of_digits_is_a_parse_error(
    curator_api: APIClient, world: World
) -> None:
    """Python's JSON decoder refuses integers of more than 4,300 digits: a 400, not a 500."""
    text = json.dumps(create_bodies(world)["deposits"]).replace(
        f'"operator": {world.entity.pk}', f'"operator": {"9" * 5_000}'
    )
    assert "9" * 5_000 in text
    before = database_state()
    response = curator_api.generic("POST", "/api/v1/deposits/", text, "application/json")
    assert refusal_problem(response, set(), code="parse_error") is None
    assert_unchanged(before, database_state())


# --- the change feed -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["e-1", "e-99999999999999999999", "e", "e1.5", "e0x1", "e" + "9" * 40, "x1"]
)
def test_cursors_that_name_no_event_are_400(anon: APIClient, world: World, text: str) -> None:
    response = anon.get("/api/v1/changes/", {"since": cursor(text)})
    assert refusal_problem(response, {"since"}) is None


@pytest.mark.parametrize("event_id", BEYOND_64_BITS)
def test_cursors_past_the_64_bit_range_are_400(
    anon: APIClient, world: World, event_id: str
) -> None:
    response = anon.get("/api/v1/changes/", {"since": cursor(f"e{event_id}")})
    assert refusal_problem(response, {"since"}) is None
