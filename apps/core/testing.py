"""Shared API tests: every resource gets the same tests, and its test module only declares data.

In the spirit of NetBox's ``utilities/testing/api.py`` (STYLE.md, habit 10). A resource's test
class names the resource (``basename``, ``model``), says how to make records and what valid
and invalid bodies look like, and inherits one test per promise of the API contract
(DESIGN.md section 4):

* :class:`ReadTests`: list (count, the keys of every object), retrieve with an ``ETag``, 404,
  ``If-None-Match`` (304), shaping (``fields``, ``omit``, ``brief`` and their 400s), CSV,
  strict query parameters, and a list whose query count does not grow with the page: the
  same pinned number (``list_queries``) for 5 and for 50 records (STYLE.md, habit 3).
* :class:`ReadOnlyResourceTests`: the read tests, and 405 for every write method.
* :class:`WritableResourceTests`: the read tests plus create, update, partial update and
  delete (each leaving a history row that names the API user), 401 and 403 without
  credentials or permission, 400 naming the field for each declared bad input, 412 for a
  stale ``If-Match`` and 409 for deleting a record others still reference. Every refused
  write is checked to leave the database exactly as it was (the row count of every model of
  the project, history tables included, and the record's representation).
* :class:`FilterTests`: helpers for the per-filter tests of ``tests/<app>/test_filtersets.py``.

These are plain pytest classes, so the tests take fixtures: ``curator`` (model permissions)
and ``reader`` (none) from ``tests/conftest.py``, and pytest-django's ``db``. Throttles count
requests in the default cache, which outlives a test; every class here clears it first so
a long run never trips the anonymous rate.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Generic, TypeVar
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

#: What the test client returns: an HttpResponse with ``.json()`` (untyped in the stubs).
Response = Any
#: The model a resource's test class is about.
M = TypeVar("M", bound=models.Model)

#: Every representation carries these (DESIGN.md section 4).
CONTRACT_KEYS = ("id", "url", "created_at", "updated_at")
WRITE_METHODS = ("post", "put", "patch", "delete")

# --- helpers usable from any API test ------------------------------------------------------


def token_client(user: User) -> APIClient:
    """A client that authenticates as ``user`` with ``Authorization: Token <key>``."""
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def with_params(url: str, params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None) -> str:
    """``url`` with a query string; a sequence of pairs may repeat a name."""
    if not params:
        return url
    return f"{url}?{urlencode(params, doseq=True)}"


def error_attrs(response: Response) -> list[str | None]:
    """The ``attr`` of every error in an error body (after checking the body's shape)."""
    body = response.json()
    assert set(body) == {"type", "errors"}, body
    assert body["type"] in {"validation_error", "client_error", "server_error"}, body
    assert body["errors"], body
    for error in body["errors"]:
        assert set(error) == {"code", "detail", "attr"}, error
    return [error["attr"] for error in body["errors"]]


def assert_error(response: Response, status: int, attr: str | None = None) -> None:
    """``response`` is an error in the API's one shape, with ``status`` and naming ``attr``."""
    assert response.status_code == status, (response.status_code, response.content[:2000])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    attrs = error_attrs(response)
    if attr is not None:
        assert attr in attrs, (attr, response.json())


def project_models() -> list[type[models.Model]]:
    """Every model of apps/*, the history models included."""
    return [m for m in apps.get_models() if m._meta.app_config.name.startswith("apps.")]


def database_state() -> dict[str, int]:
    """The row count of every model of the project, history tables included."""
    return {m._meta.label: m._default_manager.count() for m in project_models()}


def assert_unchanged(before: Any, after: Any) -> None:
    """A refused request left the database as it was; the message says what moved."""
    if before == after:
        return
    if isinstance(before, tuple):
        before_counts, before_record = before
        after_counts, after_record = after
    else:
        before_counts, before_record, after_counts, after_record = before, None, after, None
    moved = {
        label: (count, after_counts.get(label))
        for label, count in before_counts.items()
        if after_counts.get(label) != count
    }
    changed = {
        key: (value, (after_record or {}).get(key))
        for key, value in (before_record or {}).items()
        if (after_record or {}).get(key) != value
    }
    raise AssertionError(f"the database changed: rows {moved}, record {changed}")


def csv_cell(value: Any) -> str:
    """How a JSON value is flattened into a CSV cell: lists ';'-joined, a nested object by its
    first (identifying) value, booleans lower-case, null empty. Written independently of the
    renderer on purpose: this is the contract, the renderer is the implementation."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return csv_cell(next(iter(value.values()), ""))
    if isinstance(value, list):
        return ";".join(csv_cell(item) for item in value)
    return str(value)


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def assert_represents(sent: Any, got: Any, path: str = "") -> None:
    """What a client wrote is what it reads back: every key sent is in the response with the
    same value (decimals compared as numbers, so "1.29" matches "1.2900"); the response may
    add keys (ids, names of linked records, computed values)."""
    where = path or "(body)"
    if isinstance(sent, Mapping):
        assert isinstance(got, Mapping), (where, sent, got)
        for key, value in sent.items():
            assert key in got, (f"{path}.{key}".lstrip("."), got)
            assert_represents(value, got[key], f"{path}.{key}".lstrip("."))
    elif isinstance(sent, list):
        assert isinstance(got, list) and len(got) == len(sent), (where, sent, got)
        for index, (item_sent, item_got) in enumerate(zip(sent, got, strict=True)):
            assert_represents(item_sent, item_got, f"{path}.{index}")
    elif (
        isinstance(sent, str | int | float)
        and not isinstance(sent, bool)
        and isinstance(got, str)
        and _as_decimal(sent) is not None
        and _as_decimal(got) is not None
        and "." in f"{sent}{got}"
    ):
        assert _as_decimal(sent) == _as_decimal(got), (where, sent, got)
    else:
        assert sent == got, (where, sent, got)


@dataclass(frozen=True)
class BadInput:
    """A change to a valid body that the API must refuse with a 400 naming ``attr``.

    ``changes`` is merged over the valid body: a mapping, or a function of the valid body (to
    reuse ids it holds, e.g. ``lambda body: {"citations": [{**body["citations"][0],
    "confidence": "certain"}]}``).
    """

    changes: Mapping[str, Any] | Callable[[dict[str, Any]], Mapping[str, Any]]
    attr: str
    label: str = ""
    #: Also try the change as a PATCH of an existing record (off for create-only rules).
    on_update: bool = True

    def resolve(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The changes alone (a PATCH body)."""
        return dict(self.changes(dict(body)) if callable(self.changes) else self.changes)

    def apply(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The valid body with the changes (a POST body)."""
        return {**body, **self.resolve(body)}

    @property
    def id(self) -> str:
        return self.label or self.attr


# --- base classes ----------------------------------------------------------------------


class APITestBase:
    """Clients, URLs and a fresh throttle cache for every API test class."""

    #: The router basename: ``deposit`` for /api/v1/deposits/.
    basename: ClassVar[str]
    #: The model attribute the detail URL is keyed by (``symbol`` for elements).
    lookup_field: ClassVar[str] = "pk"

    @pytest.fixture(autouse=True)
    def _fresh_throttles(self, db: None) -> None:
        cache.clear()

    @pytest.fixture
    def anon(self) -> APIClient:
        return APIClient()

    @pytest.fixture
    def curator_api(self, curator: User) -> APIClient:
        return token_client(curator)

    @pytest.fixture
    def reader_api(self, reader: User) -> APIClient:
        return token_client(reader)

    @pytest.fixture
    def superuser_api(self, db: None) -> APIClient:
        return token_client(User.objects.create_superuser("root", password="pw"))

    def list_url(self, params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None) -> str:
        return with_params(reverse(f"{self.basename}-list"), params)

    def detail_url(
        self,
        obj: models.Model | Any,
        params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
    ) -> str:
        key = getattr(obj, self.lookup_field) if isinstance(obj, models.Model) else obj
        kwarg = "pk" if self.lookup_field == "pk" else self.lookup_field
        return with_params(reverse(f"{self.basename}-detail", kwargs={kwarg: key}), params)


class ReadTests(APITestBase, Generic[M]):
    """The read half of the contract, for every resource."""

    model: ClassVar[type[models.Model]]
    #: The keys of a full representation, in order (also the CSV header).
    fields: ClassVar[Sequence[str]]
    #: The keys of ``brief=true``.
    brief_fields: ClassVar[Sequence[str]]
    #: Two field names for the ``fields=`` test and one for ``omit=``.
    shaping_fields: ClassVar[Sequence[str]] = ("id", "url")
    omit_field: ClassVar[str] = "created_at"
    #: A lookup no record has.
    missing_lookup: ClassVar[Any] = 999_999_999
    #: CSV cells expected for the record of :meth:`make_object`: column -> cell.
    csv_examples: ClassVar[Mapping[str, str]] = {}
    #: Queries of one list page, pinned: the same for 5 and for 50 records.
    list_queries: ClassVar[int]
    query_count_sizes: ClassVar[tuple[int, int]] = (5, 50)

    # --- what a resource module declares -------------------------------------------------

    def make_object(self) -> M:
        """One realistic record with every relation filled (nested parts, citations...), so
        every prefetch of the list runs."""
        raise NotImplementedError

    def make_objects(self, count: int) -> list[M]:
        return [self.make_object() for _ in range(count)]

    def csv_expectations(self, obj: M) -> Mapping[str, str]:
        """CSV cells expected for ``obj`` (a record of :meth:`make_object`)."""
        return self.csv_examples

    # --- helpers ---------------------------------------------------------------------------

    def get_json(self, client: APIClient, url: str) -> Any:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:2000])
        return response.json()

    def pk_of(self, obj: models.Model) -> Any:
        return getattr(obj, self.lookup_field) if self.lookup_field != "pk" else obj.pk

    # --- list ----------------------------------------------------------------------------

    def test_list(self, anon: APIClient) -> None:
        made = self.make_objects(3)
        body = self.get_json(anon, self.list_url())
        assert set(body) == {"count", "next", "previous", "results"}, list(body)
        assert body["count"] == self.model._default_manager.count(), body["count"]
        listed = {item["id"] for item in body["results"]}
        assert {self.pk_of(obj) for obj in made} <= listed
        for item in body["results"]:
            assert list(item) == list(self.fields), list(item)
            assert set(CONTRACT_KEYS) <= set(item), list(item)

    def test_list_pages_with_limit_and_offset(self, anon: APIClient) -> None:
        self.make_objects(3)
        total = self.model._default_manager.count()
        first = self.get_json(anon, self.list_url({"limit": 1}))
        second = self.get_json(anon, self.list_url({"limit": 1, "offset": 1}))
        assert first["count"] == second["count"] == total
        assert len(first["results"]) == len(second["results"]) == 1
        assert first["results"][0]["id"] != second["results"][0]["id"]
        assert first["previous"] is None and first["next"] is not None

    def test_list_query_count_does_not_grow_with_the_page(self, anon: APIClient) -> None:
        small, large = self.query_count_sizes
        counts = []
        made = 0
        for size in (small, large):
            self.make_objects(size - made)
            made = size
            with CaptureQueriesContext(connection) as queries:
                body = self.get_json(anon, self.list_url({"limit": large}))
            assert len(body["results"]) >= size
            counts.append(len(queries))
        assert counts == [self.list_queries, self.list_queries], (
            f"{self.basename} list ran {counts[0]} queries for {small} records and {counts[1]} "
            f"for {large}; pinned: {self.list_queries}. The queries of the last run:\n"
            + "\n".join(q["sql"] for q in queries.captured_queries)
        )

    # --- detail --------------------------------------------------------------------------

    def test_retrieve(self, anon: APIClient) -> None:
        obj = self.make_object()
        response = anon.get(self.detail_url(obj))
        assert response.status_code == 200
        body = response.json()
        assert list(body) == list(self.fields), list(body)
        assert body["id"] == self.pk_of(obj), body["id"]
        assert body["url"] == f"http://testserver{self.detail_url(obj)}", body["url"]
        etag = response["ETag"]
        assert etag.startswith('"') and etag.endswith('"') and len(etag) > 2

    def test_list_and_detail_agree(self, anon: APIClient) -> None:
        """A record reads the same in a list page as at its own URL, shaped or not (the list
        may take a faster path than the detail; clients must not see the difference)."""
        obj = self.make_object()
        self.make_objects(2)
        for params in (
            {},
            {"fields": ",".join(self.shaping_fields)},
            {"omit": self.omit_field},
            {"brief": "true"},
        ):
            page = self.get_json(anon, self.list_url({**params, "limit": 1000}))["results"]
            listed = next(item for item in page if item["id"] == self.pk_of(obj))
            detail = self.get_json(anon, self.detail_url(obj, params))
            assert listed == detail, (params, listed, detail)

    def test_retrieve_unknown_is_404(self, anon: APIClient) -> None:
        assert_error(anon.get(self.detail_url(self.missing_lookup)), 404)

    def test_etag_does_not_depend_on_an_explicit_format(self, anon: APIClient) -> None:
        obj = self.make_object()
        plain = anon.get(self.detail_url(obj))
        explicit = anon.get(self.detail_url(obj, {"format": "json"}))
        assert explicit.json() == plain.json(), explicit.json()["url"]
        assert explicit["ETag"] == plain["ETag"]

    def test_if_none_match_gives_304(self, anon: APIClient) -> None:
        obj = self.make_object()
        etag = anon.get(self.detail_url(obj))["ETag"]
        for header in (etag, f"W/{etag}", f'"other", {etag}'):
            response = anon.get(self.detail_url(obj), HTTP_IF_NONE_MATCH=header)
            assert response.status_code == 304, header
            assert response["ETag"] == etag, (response["ETag"], etag)
            assert response.content == b""
        response = anon.get(self.detail_url(obj), HTTP_IF_NONE_MATCH='"not-the-etag"')
        assert response.status_code == 200

    def test_if_none_match_gives_304_in_csv_too(self, anon: APIClient) -> None:
        """A 304 has no body whatever the format (the CSV renderer once failed on it)."""
        obj = self.make_object()
        response = anon.get(self.detail_url(obj, {"format": "csv"}), HTTP_IF_NONE_MATCH="*")
        assert response.status_code == 304
        assert response.content == b""

    # --- shaping -------------------------------------------------------------------------

    def test_fields_keeps_only_the_named_fields(self, anon: APIClient) -> None:
        obj = self.make_object()
        params = {"fields": ",".join(self.shaping_fields)}
        listed = self.get_json(anon, self.list_url(params))["results"]
        assert listed and all(list(item) == list(self.shaping_fields) for item in listed), listed
        detail = self.get_json(anon, self.detail_url(obj, params))
        assert list(detail) == list(self.shaping_fields), list(detail)

    def test_omit_leaves_out_the_named_fields(self, anon: APIClient) -> None:
        obj = self.make_object()
        expected = [name for name in self.fields if name != self.omit_field]
        listed = self.get_json(anon, self.list_url({"omit": self.omit_field}))["results"]
        assert listed and all(list(item) == expected for item in listed), listed[:1]
        assert list(self.get_json(anon, self.detail_url(obj, {"omit": self.omit_field}))) == (
            expected
        )

    def test_brief_gives_what_a_link_needs(self, anon: APIClient) -> None:
        obj = self.make_object()
        listed = self.get_json(anon, self.list_url({"brief": "true"}))["results"]
        assert listed and all(list(item) == list(self.brief_fields) for item in listed), listed
        detail = self.get_json(anon, self.detail_url(obj, {"brief": "true"}))
        assert list(detail) == list(self.brief_fields), list(detail)
        assert detail["id"] == self.pk_of(obj)

    def test_bad_shaping_is_400(self, anon: APIClient) -> None:
        obj = self.make_object()
        for params, attr in (
            ({"fields": "id,no_such_field"}, "fields"),
            ({"omit": "no_such_field"}, "omit"),
            ({"fields": ","}, "fields"),
            ({"brief": "maybe"}, "brief"),
            ({"brief": "true", "fields": "id"}, "brief"),
            ({"fields": "id", "omit": "id"}, "omit"),  # nothing left to show
            ({"omit": ",".join(self.fields)}, "omit"),
        ):
            assert_error(anon.get(self.list_url(params)), 400, attr)
            assert_error(anon.get(self.detail_url(obj, params)), 400, attr)

    # --- query parameters ------------------------------------------------------------------

    def test_unknown_query_parameter_is_400(self, anon: APIClient) -> None:
        obj = self.make_object()
        assert_error(anon.get(self.list_url({"colour": "red"})), 400, "colour")
        assert_error(anon.get(self.detail_url(obj, {"limit": "5"})), 400, "limit")

    def test_repeated_query_parameter_is_400(self, anon: APIClient) -> None:
        self.make_object()
        assert_error(anon.get(self.list_url([("limit", 1), ("limit", 2)])), 400, "limit")

    # --- CSV -----------------------------------------------------------------------------

    def test_csv(self, anon: APIClient) -> None:
        obj = self.make_object()
        self.make_objects(2)
        objects = self.get_json(anon, self.list_url())["results"]
        response = anon.get(self.list_url({"format": "csv"}))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv"), response["Content-Type"]
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
        assert rows[0] == list(self.fields), rows[0]
        assert len(rows) == 1 + len(objects), (len(rows), len(objects))
        by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
        for item in objects:
            row = by_id[str(item["id"])]
            for column in self.fields:
                if column == "url":
                    continue  # checked on its own below
                assert row[column] == csv_cell(item[column]), (column, row[column], item[column])
        ours = by_id[str(self.pk_of(obj))]
        for column, cell in self.csv_expectations(obj).items():
            assert ours[column] == cell, (column, ours[column])

    def test_csv_of_an_empty_page_is_a_header(self, anon: APIClient) -> None:
        """No rows is still a CSV document: the header line and ``text/csv``."""
        self.make_object()
        response = anon.get(self.list_url({"format": "csv", "updated_since": "2999-01-01"}))
        assert response.status_code == 200, response.content[:2000]
        assert response["Content-Type"].startswith("text/csv")
        assert response.content.decode() == ",".join(self.fields) + "\n"
        shaped = anon.get(
            self.list_url({"format": "csv", "updated_since": "2999-01-01", "brief": "true"})
        )
        assert shaped.content.decode().split(",")[0] == "id"

    def test_csv_url_column_is_the_record_link(self, anon: APIClient) -> None:
        """The ``url`` cell is the record's API link, as in JSON (not pinned to CSV)."""
        obj = self.make_object()
        rows = list(
            csv.DictReader(io.StringIO(anon.get(self.list_url({"format": "csv"})).content.decode()))
        )
        row = next(r for r in rows if r["id"] == str(self.pk_of(obj)))
        assert row["url"] == f"http://testserver{self.detail_url(obj)}", row["url"]


class ReadOnlyResourceTests(ReadTests[M]):
    """A resource clients may only read: every write method is 405, and nothing changes."""

    def test_writes_are_405(self, superuser_api: APIClient) -> None:
        obj = self.make_object()
        before = database_state()
        for method in WRITE_METHODS:
            url = self.list_url() if method == "post" else self.detail_url(obj)
            assert_error(getattr(superuser_api, method)(url, {}, format="json"), 405)
        assert_unchanged(before, database_state())


class WritableResourceTests(ReadTests[M]):
    """A resource curators write through the API: the full contract, errors included."""

    #: Changes the API must refuse with a 400 naming the field (see :class:`BadInput`).
    bad_inputs: ClassVar[Sequence[BadInput]] = ()

    # --- what a resource module declares -------------------------------------------------

    def create_data(self) -> dict[str, Any]:
        """A valid POST body (creating whatever it refers to)."""
        raise NotImplementedError

    def update_data(self, obj: M) -> dict[str, Any]:
        """A valid PUT body for ``obj`` that changes it."""
        raise NotImplementedError

    def partial_update_data(self, obj: M) -> dict[str, Any]:
        """A valid PATCH body for ``obj`` that changes it."""
        raise NotImplementedError

    def make_deletable_object(self) -> M:
        """A record nothing keeps from being deleted (``make_object``'s may be referenced)."""
        return self.make_object()

    def make_referenced_object(self) -> M | None:
        """A record another record still refers to (so deleting it is a 409), if any can be."""
        return None

    # --- parametrization -----------------------------------------------------------------

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "bad_input" not in metafunc.fixturenames:
            return
        cases = list(self.bad_inputs)
        if metafunc.function.__name__.startswith("test_bad_update"):
            cases = [case for case in cases if case.on_update]
        metafunc.parametrize("bad_input", cases, ids=[case.id for case in cases])

    # --- helpers ---------------------------------------------------------------------------

    def latest_history(self, pk: Any) -> Any:
        history = self.model.history  # type: ignore[attr-defined]
        return history.filter(**{self.model._meta.pk.attname: pk}).order_by("history_id").last()

    def snapshot(self, client: APIClient, obj: models.Model | None = None) -> tuple[Any, ...]:
        """What a refused write must leave alone: row counts, and the record as read."""
        record = self.get_json(client, self.detail_url(obj)) if obj is not None else None
        return database_state(), record

    # --- create, update, delete ----------------------------------------------------------

    def test_create(self, curator_api: APIClient, curator: User) -> None:
        body = self.create_data()
        count = self.model._default_manager.count()
        response = curator_api.post(self.list_url(), body, format="json")
        assert response.status_code == 201, response.content[:2000]
        created = response.json()
        assert list(created) == list(self.fields), list(created)
        assert_represents(body, created)
        assert response["Location"] == created["url"], response["Location"]
        assert self.model._default_manager.count() == count + 1
        assert self.model._default_manager.filter(pk=created["id"]).exists()
        history = self.latest_history(created["id"])
        assert (history.history_type, history.history_user) == ("+", curator), history
        reread = curator_api.get(created["url"])
        assert reread.json() == created, (reread.json(), created)
        assert response["ETag"] == reread["ETag"], "the ETag of the write is not the one of a read"

    def test_create_with_a_session(self, curator: User) -> None:
        """A signed-in curator (session) may write too; the Token is not the only way."""
        client = APIClient()
        client.force_login(curator)
        response = client.post(self.list_url(), self.create_data(), format="json")
        assert response.status_code == 201, response.content[:2000]
        history = self.latest_history(response.json()["id"])
        assert history.history_user == curator, history.history_user

    def test_update(self, curator_api: APIClient, curator: User) -> None:
        obj = self.make_object()
        body = self.update_data(obj)
        response = curator_api.put(self.detail_url(obj), body, format="json")
        assert response.status_code == 200, response.content[:2000]
        assert_represents(body, response.json())
        reread = curator_api.get(self.detail_url(obj))
        assert reread.json() == response.json(), (reread.json(), response.json())
        assert response["ETag"] == reread["ETag"], "the ETag of the write is not the one of a read"
        history = self.latest_history(obj.pk)
        assert (history.history_type, history.history_user) == ("~", curator), history

    def test_partial_update(self, curator_api: APIClient, curator: User) -> None:
        obj = self.make_object()
        before = self.get_json(curator_api, self.detail_url(obj))
        body = self.partial_update_data(obj)
        response = curator_api.patch(self.detail_url(obj), body, format="json")
        assert response.status_code == 200, response.content[:2000]
        after = response.json()
        assert_represents(body, after)
        untouched = set(self.fields) - set(body) - {"updated_at"}
        moved = {k: (before[k], after[k]) for k in untouched if after[k] != before[k]}
        assert not moved, f"PATCH changed fields it did not name: {moved}"
        assert after["updated_at"] > before["updated_at"], (before["updated_at"], after)
        assert curator_api.get(self.detail_url(obj))["ETag"] == response["ETag"]
        history = self.latest_history(obj.pk)
        assert (history.history_type, history.history_user) == ("~", curator), history

    def test_unchanged_write_is_not_a_change(self, curator_api: APIClient) -> None:
        """Writing what is already stored saves nothing: no history row, the same
        ``updated_at`` and ETag (so caches and the change feed stay quiet)."""
        obj = self.make_object()
        body = self.update_data(obj)
        first = curator_api.put(self.detail_url(obj), body, format="json")
        assert first.status_code == 200, first.content[:2000]
        history = self.model.history.count()  # type: ignore[attr-defined]
        for method, again in (("put", body), ("patch", {})):
            response = getattr(curator_api, method)(self.detail_url(obj), again, format="json")
            assert response.status_code == 200, response.content[:2000]
            assert response.json() == first.json(), method
            assert response["ETag"] == first["ETag"], method
        assert self.model.history.count() == history  # type: ignore[attr-defined]

    def test_delete(self, curator_api: APIClient, curator: User) -> None:
        obj = self.make_deletable_object()
        response = curator_api.delete(self.detail_url(obj))
        assert response.status_code == 204, response.content[:2000]
        assert not self.model._default_manager.filter(pk=obj.pk).exists()
        assert_error(curator_api.get(self.detail_url(obj)), 404)
        history = self.latest_history(obj.pk)
        assert (history.history_type, history.history_user) == ("-", curator), history

    def test_delete_of_a_referenced_record_is_409(self, curator_api: APIClient) -> None:
        obj = self.make_referenced_object()
        if obj is None:
            pytest.skip(f"no record refers to a {self.model._meta.verbose_name} by protection")
        before, everything = self.snapshot(curator_api, obj), database_state()
        response = curator_api.delete(self.detail_url(obj))
        assert_error(response, 409)
        assert response.json()["errors"][0]["code"] == "protected", response.json()
        assert_unchanged(before, self.snapshot(curator_api, obj))
        assert_unchanged(everything, database_state())

    # --- who may write ---------------------------------------------------------------------

    def _write_request(self, method: str, obj: M) -> tuple[str, str, dict[str, Any] | None]:
        """(method, url, body) of a valid write; built before a snapshot, since making the
        body may create the records it refers to."""
        if method == "post":
            return method, self.list_url(), self.create_data()
        if method == "delete":
            return method, self.detail_url(obj), None
        body = self.update_data(obj) if method == "put" else self.partial_update_data(obj)
        return method, self.detail_url(obj), body

    @staticmethod
    def _send(
        client: APIClient, request: tuple[str, str, dict[str, Any] | None], **headers: str
    ) -> Response:
        method, url, body = request
        if body is None:
            return getattr(client, method)(url, **headers)
        return getattr(client, method)(url, body, format="json", **headers)

    def test_anonymous_write_is_401(self, anon: APIClient) -> None:
        obj = self.make_object()
        requests = [self._write_request(method, obj) for method in WRITE_METHODS]
        before = self.snapshot(anon, obj)
        for request in requests:
            response = self._send(anon, request)
            assert_error(response, 401)
            assert response.get("WWW-Authenticate", "").startswith("Token"), response.headers
        assert_unchanged(before, self.snapshot(anon, obj))

    def test_write_without_permission_is_403(self, reader_api: APIClient) -> None:
        obj = self.make_object()
        requests = [self._write_request(method, obj) for method in WRITE_METHODS]
        before = self.snapshot(reader_api, obj)
        for request in requests:
            assert_error(self._send(reader_api, request), 403)
        assert_unchanged(before, self.snapshot(reader_api, obj))

    def test_bad_token_is_401(self) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
        body = self.create_data()
        before = database_state()
        assert_error(client.post(self.list_url(), body, format="json"), 401)
        assert_unchanged(before, database_state())

    # --- bad input -------------------------------------------------------------------------

    def test_bad_create_is_400(self, curator_api: APIClient, bad_input: BadInput) -> None:
        body = bad_input.apply(self.create_data())
        before = database_state()
        assert_error(curator_api.post(self.list_url(), body, format="json"), 400, bad_input.attr)
        assert_unchanged(before, database_state())

    def test_bad_update_is_400(self, curator_api: APIClient, bad_input: BadInput) -> None:
        obj = self.make_object()
        changes = bad_input.resolve(self.create_data())
        before = self.snapshot(curator_api, obj)
        response = curator_api.patch(self.detail_url(obj), changes, format="json")
        assert_error(response, 400, bad_input.attr)
        assert_unchanged(before, self.snapshot(curator_api, obj))

    def test_empty_body_is_400_naming_required_fields(self, curator_api: APIClient) -> None:
        before = database_state()
        response = curator_api.post(self.list_url(), {}, format="json")
        assert_error(response, 400)
        assert all(attr for attr in error_attrs(response))
        assert_unchanged(before, database_state())

    # --- conditional writes ----------------------------------------------------------------

    @pytest.mark.parametrize("method", ["put", "patch", "delete"])
    def test_stale_if_match_is_412(self, curator_api: APIClient, method: str) -> None:
        obj = self.make_object()
        stale = curator_api.get(self.detail_url(obj))["ETag"]
        # Someone else changes the record after we read it.
        changed = curator_api.patch(
            self.detail_url(obj), self.partial_update_data(obj), format="json"
        )
        assert changed.status_code == 200, changed.content[:2000]
        current = changed["ETag"]
        assert current != stale
        request = self._write_request(method, obj)
        before = self.snapshot(curator_api, obj)
        response = self._send(curator_api, request, HTTP_IF_MATCH=stale)
        assert_error(response, 412)
        assert response["ETag"] == current, (response["ETag"], current)
        assert_unchanged(before, self.snapshot(curator_api, obj))

    def test_current_if_match_succeeds(self, curator_api: APIClient) -> None:
        obj = self.make_deletable_object()
        for method in ("put", "patch", "delete"):
            current = curator_api.get(self.detail_url(obj))["ETag"]
            request = self._write_request(method, obj)
            response = self._send(curator_api, request, HTTP_IF_MATCH=current)
            assert response.status_code in {200, 204}, (method, response.content[:2000])

    def test_etag_changes_with_the_record(self, curator_api: APIClient) -> None:
        obj = self.make_object()
        old = curator_api.get(self.detail_url(obj))["ETag"]
        curator_api.patch(self.detail_url(obj), self.partial_update_data(obj), format="json")
        response = curator_api.get(self.detail_url(obj), HTTP_IF_NONE_MATCH=old)
        assert response.status_code == 200
        assert response["ETag"] != old


# --- filters -------------------------------------------------------------------------------


class FilterTests(APITestBase):
    """Helpers for ``test_filtersets.py``: one test per filter, happy path and 400s."""

    @pytest.fixture(autouse=True)
    def _client(self, db: None) -> None:
        self.client = APIClient()

    def ids(self, params: Mapping[str, Any] | Sequence[tuple[str, Any]]) -> set[Any]:
        """The ids a filtered list returns (all pages: the limit is the maximum)."""
        pairs = list(params.items()) if isinstance(params, Mapping) else list(params)
        response = self.client.get(self.list_url([*pairs, ("limit", 1000)]))
        assert response.status_code == 200, (params, response.content[:2000])
        body = response.json()
        assert body["count"] == len(body["results"]), body["count"]
        return {item["id"] for item in body["results"]}

    def ordered_ids(self, params: Mapping[str, Any]) -> list[Any]:
        response = self.client.get(self.list_url({**params, "limit": 1000}))
        assert response.status_code == 200, (params, response.content[:2000])
        return [item["id"] for item in response.json()["results"]]

    def assert_finds(
        self, params: Mapping[str, Any] | Sequence[tuple[str, Any]], *expected: models.Model
    ) -> None:
        found, wanted = self.ids(params), {obj.pk for obj in expected}
        assert found == wanted, f"{params}: found {sorted(found)}, expected {sorted(wanted)}"

    def assert_refused(
        self, params: Mapping[str, Any] | Sequence[tuple[str, Any]], attr: str
    ) -> None:
        assert_error(self.client.get(self.list_url(params)), 400, attr)
