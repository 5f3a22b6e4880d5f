"""Schema-driven fuzzing: Schemathesis generates requests from the API's own OpenAPI schema
(``/api/schema/?format=json``) and checks every response with its default checks.

* In process: the schema is loaded from, and every request sent to, the WSGI application
  (``minerals_api.wsgi.application``) inside the test's transaction, on SQLite or PostgreSQL
  (whichever ``DATABASE_URL`` names), authenticated as a curator with a token so that writes
  run too.
* One test per operation (``test_operation``: examples, coverage and fuzzing phases, positive
  and negative data, unexpected methods) and one stateful test (``TestWorkflow``: sequences
  of calls following the links Schemathesis infers, e.g. create then read, change, delete).
* The checks and their configuration are in ``schemathesis.toml`` beside this file.
* ``FUZZ_EXAMPLES`` (default 6) sets the examples per operation and ``FUZZ_STEPS`` (default
  6) the steps per stateful scenario; the default run is derandomized (the same cases every
  run, so CI never flakes on a new random draw). ``make fuzz`` runs a longer, random session.

Steering (hooks below): the schema cannot say which ids exist, so in positive cases the hooks
replace generated reference ids (``party``, ``operator``, ``source``, ``deposits``...) and
element symbols with existing ones, half of the generated path ids with existing records,
drop ``brief`` when ``fields``/``omit`` are given (a documented 400), and replace a generated
``bbox``, ``region`` or change-feed cursor with a valid one. Negative cases are left alone.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings

from apps.changes.api.views import encode_cursor
from minerals_api.wsgi import application
from tests.fuzz.conftest import CURATOR_TOKEN, EXISTING

#: Minutes, not seconds: left out of ``make check``, run by ``make test`` and CI.
pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
STEPS = int(os.environ.get("FUZZ_STEPS", "6"))
RANDOM = os.environ.get("FUZZ_RANDOM", "") not in {"", "0", "false"}

CONFIG = schemathesis.Config.from_path(Path(__file__).with_name("schemathesis.toml"))
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)

HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=not RANDOM,
    # No shrinking: a shrunk negative case can lose its only invalid part and still be
    # reported as negative (schemathesis issue 4332); the generated case is the evidence.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)

#: Which records a reference names, by (resource, key); ``None`` is any resource.
REFERENCES: dict[tuple[str | None, str], str] = {
    (None, "party"): "entities",
    (None, "operator"): "entities",
    (None, "authority"): "entities",
    (None, "entity"): "entities",
    (None, "parent"): "entities",
    ("agreements", "parent"): "agreements",
    (None, "deposit"): "deposits",
    (None, "deposits"): "deposits",
    (None, "source"): "sources",
    (None, "suspends"): "control-measures",
    (None, "exclude"): "entities",
}


def _resource(case: Any) -> str:
    return case.operation.path.split("/")[3]


def _existing(resource: str, key: str, value: Any) -> Any:
    """The existing record a generated id stands for (chosen by the id, so deterministic)."""
    target = REFERENCES.get((resource, key)) or REFERENCES.get((None, key))
    if target is None:
        return value
    if key in {"elements", "element"}:
        target = "elements"
    choices = EXISTING.get(target) or [value]
    if isinstance(value, list):
        return [_existing(resource, key, item) for item in value]
    if isinstance(value, bool) or not isinstance(value, int | str):
        return value
    try:
        number = int(value)
    except ValueError:
        return value
    return choices[number % len(choices)]


def _symbols(value: Any) -> Any:
    symbols = EXISTING.get("elements") or ["Dy"]
    if isinstance(value, list):
        return [_symbols(item) for item in value]
    if isinstance(value, str):
        return symbols[len(value) % len(symbols)]
    return value


def _steer_body(resource: str, body: Any) -> Any:
    if isinstance(body, list):
        return [_steer_body(resource, item) for item in body]
    if not isinstance(body, dict):
        return body
    steered = {}
    for key, value in body.items():
        if key in {"elements", "element"}:
            steered[key] = _symbols(value)
        elif isinstance(value, dict | list) and key not in {"deposits", "suspends"}:
            steered[key] = _steer_body(resource, value)
        else:
            steered[key] = _existing(resource, key, value)
    return steered


def _is_negative(case: Any) -> bool:
    meta = getattr(case, "meta", None)
    if meta is None:
        return False
    return meta.generation.mode.is_negative or any(
        info.mode.is_negative for info in meta.components.values()
    )


@schema.auth(refresh_interval=None)
class CuratorToken:
    """``Authorization: Token <key>`` as a Schemathesis auth provider, so its auth checks
    (``ignored_auth``) can take the credentials away and try invalid ones."""

    def get(self, case: Any, ctx: Any) -> str:
        return CURATOR_TOKEN

    def set(self, case: Any, data: str, ctx: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


@schema.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    return not _mislabelled_positive_case(failure, case)


def _mislabelled_positive_case(failure: Any, case: Any) -> bool:
    """Schemathesis 4 can keep a negative generation mode on a case whose phase data it
    describes as "Positive test case" (its own finding that no mutation survived, e.g. a
    PATCH with ``{}`` or a GET with no parameters), and negative_data_rejection then fails
    it for being accepted. Only that exact pairing is dropped: a negative case with a named
    invalid component is still checked."""
    meta = getattr(case, "meta", None)
    description = getattr(getattr(getattr(meta, "phase", None), "data", None), "description", "")
    return type(failure).__name__ == "AcceptedNegativeData" and description in {
        "Positive test case",
        "Default positive test case",
    }


@schema.hook
def map_case(context: Any, case: Any) -> Any:
    if _is_negative(case):
        return case
    resource = _resource(case)
    if case.query:
        query = dict(case.query)
        for key, value in case.query.items():
            if key == "element":
                query[key] = _symbols(value)
            elif key == "since":
                query[key] = encode_cursor(abs(hash(str(value))) % 50 + 1)
            elif key == "bbox":
                query[key] = "60,5,100,40"
            elif key == "region":
                query[key] = "IN-RJ"
            else:
                query[key] = _existing(resource, key, value)
        if query.get("brief") is not None and ("fields" in query or "omit" in query):
            del query["brief"]
        case.query = query
    if isinstance(case.body, dict):
        case.body = _steer_body(resource, case.body)
    path_id = (case.path_parameters or {}).get("id")
    if path_id is not None and str(path_id).isdigit() and int(path_id) % 2 == 0:
        records = EXISTING.get(resource) or [path_id]
        case.path_parameters = {
            **case.path_parameters,
            "id": records[int(path_id) // 2 % len(records)],
        }
    symbol = (case.path_parameters or {}).get("symbol")
    if isinstance(symbol, str) and len(symbol) % 2 == 0:
        case.path_parameters = {**case.path_parameters, "symbol": _symbols(symbol)}
    return case


@pytest.fixture
def fuzz_ready(
    dataset: dict[str, list[Any]], wsgi_keeps_connection: None, curator_headers: dict[str, str]
) -> None:
    """The dataset exists, requests reuse the test's database connection, and the curator's
    token is the one the auth provider sends."""


@schema.parametrize()
@HYPOTHESIS
def test_operation(case: Any, fuzz_ready: None) -> None:
    cache.clear()  # throttle counters: a long session stays under the rate
    # Each request in a savepoint, as each runs in its own transaction in production: a
    # refused write or a value PostgreSQL rejects (a 400) must not abort the test's
    # transaction for the requests after it.
    with transaction.atomic():
        case.call_and_validate()


def test_workflows(fuzz_ready: None) -> None:
    """Sequences of calls along the links Schemathesis infers between operations (a created
    record's id or Location reused by the reads, writes and deletion of that record)."""

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def before_call(self, case: Any) -> None:
            cache.clear()

        def call(self, case: Any, **kwargs: Any) -> Any:
            with transaction.atomic():  # as in test_operation
                return super().call(case, **kwargs)

    Workflow.run(
        settings=settings(HYPOTHESIS, max_examples=max(EXAMPLES // 2, 3), stateful_step_count=STEPS)
    )
