"""Hostile query strings: every parameter of every endpoint, attacked.

What a client puts in a query string is either read exactly as sent or refused with a 400
that names the parameter, in the API's one error shape, the same on SQLite and PostgreSQL. The
endpoints and their parameters come from the views (``targets.TARGETS``), so a filter added
later is attacked here without being listed.

* SQL fragments are data. In the free-text parameters (``q`` on lists, ``name`` on screening)
  they are text to look for: found where a record holds them literally and nowhere else (a
  fragment that rewrote the query would return every record). In every other parameter
  (choices, ids, dates, countries, booleans, shaping, paging, format) they are a 400. Either
  way the database is left as it was.
* ``%``, ``_`` and ``\\`` in ``q`` are characters, not LIKE wildcards or escapes.
* NUL (``%00``) cannot be stored or compared in PostgreSQL text: a 400 in every parameter and
  in a parameter's name, on both databases (``minerals_api/middleware.py``).
* 10,000 characters: a 400 in every parameter (``q`` is limited to 200 characters,
  screening names to 300).
* Broken percent-encoding (``%zz``, a lone ``%``) and bytes that are not UTF-8 once decoded
  (``%ff``, overlong forms, surrogates, raw Latin-1): Django would search for the literal text
  or for U+FFFD; they are a 400 naming the parameter. Valid UTF-8, encoded or raw, is read.
* A parameter given twice is a 400 naming it, except the documented any-of filters
  (``element``).
"""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from apps.core.testing import assert_unchanged, database_state
from tests.factories import DepositFactory, EntityFactory, SourceFactory
from tests.hostile.targets import FREE_TEXT, TARGETS, Target, World, refusal_problem

pytestmark = pytest.mark.django_db

SQL_FRAGMENTS = (
    "' OR '1'='1",
    "1; DROP TABLE deposits_deposit; --",
    "1 OR 1=1",
    "x' UNION SELECT username, password FROM auth_user --",
    '") OR ("a"="a',
    "\\'; SELECT pg_sleep(5); --",
)
#: For the typed parameters, where any text that is not a valid value is refused alike, each
#: parameter gets one of these in turn: a quote that would end a string literal, a statement
#: separator, a parenthesis and quote that would end an expression.
TYPED_FRAGMENTS = (SQL_FRAGMENTS[0], SQL_FRAGMENTS[1], SQL_FRAGMENTS[4])
#: Broken percent-encoding, and escapes that decode to bytes that are not UTF-8.
BAD_ENCODINGS = (
    "%zz",
    "%",
    "Dy%",
    "%4",
    "%ff%fe",
    "%80",
    "%c0%af",  # an overlong "/"
    "%ed%a0%80",  # a UTF-16 surrogate
    "%f4%90%80%80",  # past U+10FFFF
)
#: Values that are valid given once, for the parameters whose value is checked first.
VALID_ONCE = {"format": "json", "element": "Dy", "fields": "id", "omit": "url", "brief": "true"}
NUL = "null_characters_not_allowed"
LISTS = [target for target in TARGETS if target.label.endswith("-list")]


def ids(target: Target) -> str:
    return target.label


def typed(target: Target) -> list[str]:
    return [name for name in target.parameters if name not in FREE_TEXT]


def test_every_target_answers_its_base_request(anon: APIClient, world: World) -> None:
    """The parameters a target always carries are valid, so a 400 below is the hostile
    value's (every test also checks that every error names the attacked parameter)."""
    for target in TARGETS:
        response = anon.get(target.url(world))
        assert response.status_code == 200, (target.label, response.content[:500])


# --- SQL ---------------------------------------------------------------------------------


def test_sql_in_typed_parameters_is_400(anon: APIClient, world: World) -> None:
    before = database_state()
    problems: dict[Any, Any] = {}
    for target in TARGETS:
        for index, name in enumerate(typed(target)):
            fragment = TYPED_FRAGMENTS[index % len(TYPED_FRAGMENTS)]
            response = anon.get(target.url(world, [(name, fragment)]))
            if problem := refusal_problem(response, {name}):
                problems[target.label, name, fragment] = problem
    assert not problems, problems
    assert_unchanged(before, database_state())


@pytest.mark.parametrize("target", LISTS, ids=ids)
def test_sql_in_q_is_text_that_matches_nothing(
    anon: APIClient, world: World, target: Target
) -> None:
    everything = anon.get(target.url(world)).json()["count"]
    assert everything > 0
    before = database_state()
    for fragment in SQL_FRAGMENTS[::2]:
        response = anon.get(target.url(world, [("q", fragment)]))
        assert response.status_code == 200, (fragment, response.content[:500])
        assert response.json()["count"] == 0, (fragment, response.json())
    assert_unchanged(before, database_state())


def test_a_record_holding_sql_is_found_by_it_and_only_it(anon: APIClient, world: World) -> None:
    held = DepositFactory(name="Quarry ' OR '1'='1; DROP TABLE deposits_deposit; --")
    for fragment in ("' OR '1'='1", "; DROP TABLE deposits_deposit; --"):
        body = anon.get("/api/v1/deposits/", {"q": fragment}).json()
        assert [item["id"] for item in body["results"]] == [held.pk], (fragment, body)


@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("%", "Output up 100% in 2025"),
        ("100%", "Output up 100% in 2025"),
        ("_", "The snake_case report"),
        ("e_c", "The snake_case report"),
        ("\\", "Filed under C:\\reports"),
        ("%_\\", "Odd %_\\ title"),
    ],
)
def test_like_wildcards_in_q_are_characters(
    anon: APIClient, world: World, q: str, title: str
) -> None:
    holder = SourceFactory(title=title)
    SourceFactory(title="Quarterly rare-earth prices")
    body = anon.get("/api/v1/sources/", {"q": q}).json()
    assert [item["id"] for item in body["results"]] == [holder.pk], (q, body)


def test_sql_in_a_screened_name_is_text(anon: APIClient, world: World) -> None:
    before = database_state()
    for fragment in SQL_FRAGMENTS:
        response = anon.get("/api/v1/screening/", {"name": fragment})
        assert response.status_code == 200, (fragment, response.content[:500])
        assert response.json()["matches"] == [], (fragment, response.json())
    assert_unchanged(before, database_state())
    listed = EntityFactory(name="O'Brien Metals; DROP TABLE entities_entity; --")
    response = anon.get("/api/v1/screening/", {"name": listed.name})
    assert response.status_code == 200, response.content[:500]
    assert [m["entity"]["id"] for m in response.json()["matches"]][:1] == [listed.pk]


# --- NUL, length, encoding -----------------------------------------------------------------


def test_nul_in_every_parameter_is_400(anon: APIClient, world: World) -> None:
    problems: dict[Any, Any] = {}
    for target in TARGETS:
        path = target.path.format(**world.keys())
        for name in target.parameters:
            for value in ("%00", "Dy%00", "1%00", "%00%00%00"):
                raw = target.raw_query(f"{name}={value}", replaces=name)
                response = anon.get(path, QUERY_STRING=raw)
                if problem := refusal_problem(response, {name}, code=NUL):
                    problems[target.label, name, value] = problem
        response = anon.get(path, QUERY_STRING=target.raw_query("q%00=Dy"))
        if problem := refusal_problem(response, {"q\x00"}, code=NUL):
            problems[target.label, "(name)", "q%00"] = problem
    assert not problems, problems


def test_10000_characters_in_every_parameter_is_400(anon: APIClient, world: World) -> None:
    problems: dict[Any, Any] = {}
    for target in TARGETS:
        for index, name in enumerate(target.parameters):
            # Letters for text, digits for what is read as a number, in turn.
            value = ("x" * 10_000, "9" * 10_000)[index % 2]
            response = anon.get(target.url(world, [(name, value)]))
            if problem := refusal_problem(response, {name}):
                problems[target.label, name, value[:10]] = problem
        long_name = "q" * 10_000
        response = anon.get(target.url(world, [(long_name, "1")]))
        if problem := refusal_problem(response, {long_name}):
            problems[target.label, "(name)", "q" * 10] = problem
    assert not problems, problems


def test_broken_encoding_in_every_parameter_is_400(anon: APIClient, world: World) -> None:
    problems: dict[Any, Any] = {}
    for target in TARGETS:
        path = target.path.format(**world.keys())
        for name in target.parameters:
            for value in BAD_ENCODINGS:
                raw = target.raw_query(f"{name}={value}", replaces=name)
                response = anon.get(path, QUERY_STRING=raw)
                if problem := refusal_problem(response, {name}, code="invalid"):
                    problems[target.label, name, value] = problem
        for broken_name in ("%ff", "q%zz"):
            response = anon.get(path, QUERY_STRING=target.raw_query(f"{broken_name}=1"))
            if problem := refusal_problem(response, set(), code="invalid"):
                problems[target.label, "(name)", broken_name] = problem
    assert not problems, problems


def test_raw_bytes_in_a_query_string_must_be_utf8(anon: APIClient, world: World) -> None:
    """A client may send UTF-8 unencoded (WSGI hands it over as Latin-1 text): it is read.
    Other bytes are refused, rather than read as Latin-1 (Django's fallback)."""
    accented = SourceFactory(title="Bayan Obō output")
    response = anon.get("/api/v1/sources/", QUERY_STRING="q=ob\xc5\x8d")  # "obō" in UTF-8
    assert response.status_code == 200, response.content[:500]
    assert [item["id"] for item in response.json()["results"]] == [accented.pk]
    encoded = anon.get("/api/v1/sources/", QUERY_STRING="q=ob%C5%8D")
    assert encoded.json() == response.json()
    for raw in ("q=ob\xf4", "q=\xff\xfe", "q=\xc5"):
        problem = refusal_problem(anon.get("/api/v1/sources/", QUERY_STRING=raw), {"q"})
        assert problem is None, (raw, problem)


# --- repetition ------------------------------------------------------------------------------


def test_a_repeated_parameter_is_400_unless_it_is_any_of(anon: APIClient, world: World) -> None:
    problems: dict[Any, Any] = {}
    for target in TARGETS:
        for name in target.parameters:
            # Values valid given once (shaping is checked before repetition): only the
            # repetition is wrong.
            value = VALID_ONCE.get(name, "1")
            response = anon.get(target.url(world, [(name, value), (name, value)]))
            if name in target.repeatable:
                if response.status_code != 200:
                    problems[target.label, name] = response.content[:300]
            elif problem := refusal_problem(response, {name}):
                problems[target.label, name] = problem
            elif response.json()["errors"][0]["detail"] != "Give this parameter once.":
                problems[target.label, name] = response.json()
    assert not problems, problems


def test_any_of_filters_are_declared() -> None:
    """The exceptions above are the documented any-of filters, and only they."""
    assert {(target.label, name) for target in TARGETS for name in sorted(target.repeatable)} == {
        ("deposits-list", "element"),
        ("agreements-list", "element"),
        ("control-measures-list", "element"),
        ("controlled-elements", "element"),
    }
