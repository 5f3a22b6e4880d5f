"""Hostile request bodies, refused whole before anything is stored.

Every case is a 4xx in the API's error shape and leaves the database as it was (the row count
of every model, history included), for every writable resource, on SQLite and PostgreSQL.
Bodies are sent as the JSON text a client would send (``json.dumps``, so ``\\u0000`` and lone
surrogates travel as escapes).

* NUL (``\\u0000``) in any value of a body, nested parts included, and in keys: a 400 naming
  the place (``citations.0.note``). PostgreSQL cannot store NUL in text and its driver refuses
  it even in a lookup (an element symbol), so the JSON parser refuses it everywhere
  (``apps/core/api/parsers.py``) rather than trust every field to.
* Bytes that are not UTF-8, a byte-order mark, a charset that is not a text encoding
  (``bz2_codec``: a small body would decompress past the size limit): a 400 parse error.
  Lone UTF-16 surrogates (``"\\ud800"``), which JSON can escape but UTF-8 cannot carry: a 400
  naming the place, in any value or key (once a 500: an error message quoting one could not
  be rendered).
* JSON nested 10,000 deep, as the body or as a field's value: Python's decoder gives up with
  RecursionError; it is a 400 parse error. Values of the wrong JSON type where a field
  belongs (a nested list, an operator object like ``{"$gt": ""}``, ``true``): a 400 naming
  the field.
* A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``, or a Content-Length claiming one: a 413 before
  the body is read (``minerals_api/middleware.py``).
* A content type other than JSON (form, multipart, text, XML, none, look-alikes): 415.
* A body that is not a JSON object (a list, a number, a string, null): 400.
* 10,000-character strings: a 400 naming the field wherever the field has a limit (names,
  titles, slugs, codes, choices, dates, numbers, addresses, ids). Free-text fields (notes,
  descriptions, summaries, citation notes) have no limit but the body's: a 10,000-character
  text there is stored and read back as sent, in full.
"""

from __future__ import annotations

import base64
import bz2
import json
import zlib
from typing import Any, cast

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper
from rest_framework.test import APIClient

from apps.core.testing import Response, assert_unchanged, database_state
from tests.hostile.targets import (
    WRITABLE,
    World,
    attr_names,
    create_bodies,
    leaves,
    patch_of,
    refusal_problem,
    replaced,
)

pytestmark = pytest.mark.django_db

#: Text fields without a length limit (TextField): notes, descriptions, summaries.
FREE_TEXT_FIELDS = frozenset({"notes", "description", "summary", "note"})
NOT_JSON = (
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=hostile",
    "text/plain",
    "application/xml",
    "",
    "application/jsonx",
    "text/json",
    "application/json-patch+json",
)
DEEP = 10_000
NESTED_LIST = "[" * DEEP + "]" * DEEP
NESTED_OBJECT = '{"a":' * DEEP + "1" + "}" * DEEP
NUL = "null_characters_not_allowed"


def send(client: APIClient, method: str, url: str, body: Any) -> Response:
    """``body`` as the JSON text a client sends, escapes and all."""
    return client.generic(method.upper(), url, json.dumps(body), "application/json")


def send_raw(client: APIClient, method: str, url: str, text: str | bytes) -> Response:
    """``text`` as it is: bytes go out unchanged (the stubs say str; the client takes both)."""
    return client.generic(method.upper(), url, cast(str, text), "application/json")


def urls(prefix: str, world: World) -> dict[str, str]:
    """Where each write method goes: the list for POST, the world's record for PATCH (a PUT
    goes through the same parser and serializer as a PATCH; the size tests send one too)."""
    return {"post": f"/api/v1/{prefix}/", "patch": f"/api/v1/{prefix}/{world.record(prefix).pk}/"}


def every_write(world: World) -> list[tuple[str, str, str]]:
    """(resource, method, url) of every write the shape tests send, screening's included."""
    writes = [
        (prefix, method, url) for prefix in WRITABLE for method, url in urls(prefix, world).items()
    ]
    return [*writes, ("screening", "post", "/api/v1/screening/")]


def valid_bodies(world: World) -> dict[str, dict[str, Any]]:
    return {**create_bodies(world), "screening": {"names": ["JAXA"]}}


# --- NUL and encodings -----------------------------------------------------------------------


@pytest.mark.parametrize("prefix", WRITABLE)
def test_nul_anywhere_in_a_body_is_400_naming_the_place(
    curator_api: APIClient, world: World, prefix: str
) -> None:
    body = create_bodies(world)[prefix]
    to = urls(prefix, world)
    before = database_state()
    problems: dict[Any, Any] = {}
    nul = "Dy\x00; DROP TABLE x"
    for index, (path, _) in enumerate(leaves(body)):
        # The parser reads POST and PATCH alike: each place is tried in one, in turn.
        if index % 2:
            response = send(curator_api, "post", to["post"], replaced(body, path, nul))
        else:
            response = send(curator_api, "patch", to["patch"], patch_of(body, path, nul))
        if problem := refusal_problem(response, {path}, code=NUL):
            problems[path] = problem
    for key in ("no\x00tes", "\x00"):
        response = send(curator_api, "post", to["post"], {**body, key: "x"})
        if problem := refusal_problem(response, {key}, code=NUL):
            problems["POST key", key] = problem
    citation = {"source": world.source.pk, "confidence": "reported", "\x00": 1}
    response = send(curator_api, "post", to["post"], {**body, "citations": [citation]})
    if problem := refusal_problem(response, {"citations.0.\x00"}, code=NUL):
        problems["POST nested key", "citations.0.\x00"] = problem
    assert not problems, problems
    assert_unchanged(before, database_state())


def test_nul_in_a_screening_body_is_400_naming_the_place(
    curator_api: APIClient, world: World
) -> None:
    for body, place in (
        ({"names": ["JAXA", "IHI\x00"]}, "names.1"),
        ({"names": ["JAXA"], "as_of": "2026-01-01\x00"}, "as_of"),
        ({"names": ["JAXA"], "exclude": "1\x00"}, "exclude"),
        ({"names": ["JAXA"], "\x00": 1}, "\x00"),
    ):
        response = send(curator_api, "post", "/api/v1/screening/", body)
        assert refusal_problem(response, {place}, code=NUL) is None, place


def test_bytes_that_are_not_utf8_are_400(curator_api: APIClient, world: World) -> None:
    valid = json.dumps(create_bodies(world)["deposits"]).encode()
    before = database_state()
    problems: dict[Any, Any] = {}
    for label, raw in (
        ("latin-1", b'{"title": "caf\xe9", "name": "caf\xe9"}'),
        ("0xff", b'{"title": "\xff"}'),
        ("overlong", b'{"name": "\xc0\xaf"}'),
        ("encoded surrogate", b'{"name": "\xed\xa0\x80"}'),
        ("truncated", valid[:-2] + b"\xe2\x82"),
        ("byte-order mark", b"\xef\xbb\xbf" + valid),
        ("UTF-16", valid.decode().encode("utf-16")),
    ):
        for prefix, method, url in every_write(world):
            response = send_raw(curator_api, method, url, raw)
            if problem := refusal_problem(response, set(), code="parse_error"):
                problems[prefix, method, label] = problem
    assert not problems, problems
    assert_unchanged(before, database_state())


def test_a_charset_that_is_not_a_text_encoding_is_400(curator_api: APIClient, world: World) -> None:
    """``charset=bz2_codec`` (and the other bytes-to-bytes codecs Python's ``codecs`` knows):
    decoding would decompress a small body past the size limit, which was checked on the
    compressed bytes. DRF (3.18) refuses such a charset as a parse error."""
    valid = json.dumps(create_bodies(world)["deposits"]).encode()
    before = database_state()
    problems: dict[Any, Any] = {}
    for charset, raw in (
        ("bz2_codec", bz2.compress(valid)),
        ("zlib_codec", zlib.compress(valid)),
        ("base64_codec", base64.b64encode(valid)),
        ("hex_codec", valid.hex().encode()),
    ):
        for prefix, method, url in every_write(world):
            response = curator_api.generic(
                method.upper(), url, cast(str, raw), f"application/json; charset={charset}"
            )
            if problem := refusal_problem(response, set(), code="parse_error"):
                problems[prefix, method, charset] = problem
    assert not problems, problems
    assert_unchanged(before, database_state())


@pytest.mark.parametrize("prefix", WRITABLE)
def test_lone_surrogates_are_400_naming_the_place(
    curator_api: APIClient, world: World, prefix: str
) -> None:
    body = create_bodies(world)[prefix]
    before = database_state()
    problems: dict[Any, Any] = {}
    code = "surrogate_characters_not_allowed"
    for index, (path, _) in enumerate(leaves(body)):
        surrogate = ("\ud800", "x\udfffy")[index % 2]
        response = send(curator_api, "post", f"/api/v1/{prefix}/", replaced(body, path, surrogate))
        if problem := refusal_problem(response, {path}, code=code):
            problems[path] = problem
    # A key is named with the surrogate escaped: an error message cannot carry it either.
    response = send(curator_api, "post", f"/api/v1/{prefix}/", {**body, "x\ud800": 1})
    if problem := refusal_problem(response, {"x\\ud800"}, code=code):
        problems["(key)"] = problem
    assert not problems, problems
    assert_unchanged(before, database_state())


# --- shape -----------------------------------------------------------------------------------


def test_json_nested_10000_deep_is_400(curator_api: APIClient, world: World) -> None:
    bodies = valid_bodies(world)
    before = database_state()
    problems: dict[Any, Any] = {}
    for prefix, method, url in every_write(world):
        body = bodies[prefix]
        first = next(iter(body))
        for label, text in (
            ("list", NESTED_LIST),
            ("object", NESTED_OBJECT),
            ("a field", json.dumps({**body, first: "<deep>"}).replace('"<deep>"', NESTED_LIST)),
            ("a part", json.dumps({**body, "parts": "<deep>"}).replace('"<deep>"', NESTED_OBJECT)),
        ):
            response = send_raw(curator_api, method, url, text)
            if problem := refusal_problem(response, set(), code="parse_error"):
                problems[prefix, method, label] = problem
    assert not problems, problems
    assert_unchanged(before, database_state())


@pytest.mark.parametrize("prefix", WRITABLE)
def test_values_of_the_wrong_json_type_are_400_naming_the_field(
    curator_api: APIClient, world: World, prefix: str
) -> None:
    body = create_bodies(world)[prefix]
    nested: Any = []
    for _ in range(50):
        nested = [nested]
    wrong = (nested, {"$gt": ""}, True)  # each field gets one of them, in turn
    before = database_state()
    problems: dict[Any, Any] = {}
    for index, (path, _) in enumerate(leaves(body)):
        value = wrong[index % len(wrong)]
        response = send(curator_api, "post", f"/api/v1/{prefix}/", replaced(body, path, value))
        if problem := refusal_problem(response, attr_names(path)):
            problems[path, str(value)[:10]] = problem
    assert not problems, problems
    assert_unchanged(before, database_state())


def test_a_body_that_is_not_an_object_is_400(curator_api: APIClient, world: World) -> None:
    before = database_state()
    problems: dict[Any, Any] = {}
    for prefix, method, url in every_write(world):
        for text in ("[]", "1", '"x"', "null", "{}[]"):
            response = send_raw(curator_api, method, url, text)
            if problem := refusal_problem(response, set()):
                problems[prefix, method, text] = problem
    assert not problems, problems
    assert_unchanged(before, database_state())


# --- size and content type -----------------------------------------------------------------


def test_a_body_over_the_limit_is_413(
    curator_api: APIClient, world: World, settings: SettingsWrapper
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    bodies = valid_bodies(world)
    puts = [(p, "put", f"/api/v1/{p}/{world.record(p).pk}/") for p in WRITABLE]
    before = database_state()
    problems: dict[Any, Any] = {}
    for prefix, method, url in [*every_write(world), *puts]:
        body = bodies[prefix]
        big = send(curator_api, method, url, {**body, "padding": "x" * 3_000})
        if problem := refusal_problem(big, set(), status=413, code="request_too_large"):
            problems[prefix, method, "big"] = problem
        claims = curator_api.generic(
            method.upper(), url, json.dumps(body), "application/json", CONTENT_LENGTH="10000000"
        )
        if problem := refusal_problem(claims, set(), status=413, code="request_too_large"):
            problems[prefix, method, "Content-Length"] = problem
    assert not problems, problems
    assert_unchanged(before, database_state())


def test_a_body_over_the_configured_limit_is_413(curator_api: APIClient, world: World) -> None:
    """The limit as configured (2.5 MB by default), for screening too."""
    before = database_state()
    for url, body in (
        ("/api/v1/sources/", {**create_bodies(world)["sources"], "notes": "x" * 3_000_000}),
        ("/api/v1/screening/", {"names": ["JAXA " * 200] * 3_000}),
    ):
        response = send(curator_api, "post", url, body)
        assert refusal_problem(response, set(), status=413, code="request_too_large") is None
    assert_unchanged(before, database_state())


def test_a_body_that_is_not_json_is_415(curator_api: APIClient, world: World) -> None:
    bodies = valid_bodies(world)
    before = database_state()
    problems: dict[Any, Any] = {}
    for prefix, method, url in every_write(world):
        text = json.dumps(bodies[prefix])
        for content_type in NOT_JSON:
            response = curator_api.generic(method.upper(), url, text, content_type)
            if problem := refusal_problem(response, set(), status=415):
                problems[prefix, method, content_type] = problem
    assert not problems, problems
    assert_unchanged(before, database_state())


# --- length ----------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", WRITABLE)
def test_10000_characters_in_a_bounded_field_are_400(
    curator_api: APIClient, world: World, prefix: str
) -> None:
    body = create_bodies(world)[prefix]
    to = urls(prefix, world)
    bounded = [path for path, _ in leaves(body) if path.split(".")[-1] not in FREE_TEXT_FIELDS]
    before = database_state()
    problems: dict[Any, Any] = {}
    for index, path in enumerate(bounded):
        # Letters in a POST and digits in a PATCH, each place getting one in turn.
        if index % 2:
            response = send(curator_api, "post", to["post"], replaced(body, path, "x" * 10_000))
        else:
            response = send(curator_api, "patch", to["patch"], patch_of(body, path, "9" * 10_000))
        if problem := refusal_problem(response, attr_names(path)):
            problems[path] = problem
    assert not problems, problems
    assert_unchanged(before, database_state())


@pytest.mark.parametrize("prefix", WRITABLE)
def test_10000_characters_of_free_text_are_stored_as_sent(
    curator_api: APIClient, world: World, prefix: str
) -> None:
    body = create_bodies(world)[prefix]
    free = [path for path, _ in leaves(body) if path.split(".")[-1] in FREE_TEXT_FIELDS]
    assert free, "every resource has free text"
    long = body
    for index, path in enumerate(free):
        long = replaced(long, path, f"{index}: " + "Lorem ipsum, dolor. " * 500 + "The end.")
    response = send(curator_api, "post", f"/api/v1/{prefix}/", long)
    assert response.status_code == 201, response.content[:500]
    stored = curator_api.get(response.json()["url"]).json()
    for path in free:
        sent = dict(leaves(long))[path]
        assert len(sent) > 10_000
        assert dict(leaves(stored)).get(path) == sent, path


def test_a_document_path_cannot_leave_the_seeds_folder(
    curator_api: APIClient, world: World
) -> None:
    body = create_bodies(world)["sources"]
    before = database_state()
    for path in ("../../etc/passwd", "/etc/passwd", "seeds/../../manage.py", "a/../../b.pdf"):
        response = send(curator_api, "post", "/api/v1/sources/", {**body, "document": path})
        assert refusal_problem(response, {"document"}) is None, path
    assert_unchanged(before, database_state())
