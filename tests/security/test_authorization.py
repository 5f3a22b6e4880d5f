"""Who may do what: every write route of the URLconf refuses anonymous clients (401, with a
``WWW-Authenticate`` challenge) and users without the model permission (403), and lets a
curator through; the admin is for staff only; the docs and schema are public unless
``API_DOCS_PUBLIC`` is off, then staff only.

The write routes are found by walking the URL resolver, not listed by hand, so a new
endpoint that accepts POST, PUT, PATCH or DELETE is in the table the day it is added. The
per-resource tests (apps/core/testing.py, ``WritableResourceTests``) go further for each
known resource (bad tokens, every bad input, nothing changed by a refused write); this table
is the guard that no route escapes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import models
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from factory.django import DjangoModelFactory
from rest_framework.test import APIClient
from rest_framework.views import APIView

from apps.core.testing import assert_error, database_state, token_client
from tests import factories

UNSAFE_METHODS = ("post", "put", "patch", "delete")

#: Routes whose unsafe method changes nothing, with the reason; anyone may call them.
NOT_WRITES = {
    ("screening", "post"): "batch screening: names in, matches out; no record changes",
}

#: Resources DESIGN.md (section 4) says are writable: the walk must find each of them.
WRITABLE = {"sources", "entities", "deposits", "resource-estimates", "agreements",
            "control-measures"}  # fmt: skip


@dataclass(frozen=True)
class Route:
    """One named URL pattern served by a DRF view, and the unsafe methods it answers."""

    name: str
    regex: str
    view: type[APIView]
    methods: tuple[str, ...]

    @property
    def kwargs(self) -> tuple[str, ...]:
        return tuple(re.compile(self.regex).groupindex)

    @property
    def model(self) -> type[models.Model] | None:
        queryset = getattr(self.view, "queryset", None)
        return None if queryset is None else queryset.model


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(
                pattern.url_patterns, prefix + pattern.pattern.regex.pattern.lstrip("^")
            )
        else:
            yield prefix + pattern.pattern.regex.pattern.lstrip("^"), pattern


def _api_routes() -> list[Route]:
    routes = []
    for regex, pattern in _walk(get_resolver().url_patterns):
        view = getattr(pattern.callback, "cls", None)
        if not (isinstance(view, type) and issubclass(view, APIView)):
            continue  # the admin and plain Django views: tested below
        actions = getattr(pattern.callback, "actions", None)
        if actions:  # a viewset's route: the methods the router bound that the view serves
            methods = set(actions) & set(view.http_method_names)
        else:
            methods = {m for m in view.http_method_names if hasattr(view, m)}
        assert pattern.name, f"unnamed API route {regex}: name it so it can be tested"
        routes.append(
            Route(pattern.name, regex, view, tuple(m for m in UNSAFE_METHODS if m in methods))
        )
    return routes


ROUTES = _api_routes()
WRITE_CASES = [
    (route, method)
    for route in ROUTES
    for method in route.methods
    if (route.name.rsplit("-", 1)[0], method) not in NOT_WRITES
]


def test_the_walk_finds_every_writable_resource() -> None:
    found = {route.regex.split("/")[2] for route, _ in WRITE_CASES}
    assert found == WRITABLE, found
    # Each exemption names a route and method that exist (none outlives its route).
    served = {
        (route.name.rsplit("-", 1)[0], method) for route in ROUTES for method in route.methods
    }
    assert set(NOT_WRITES) <= served, set(NOT_WRITES) - served


def _factory_for(model: type[models.Model]) -> type[DjangoModelFactory[Any]]:
    for candidate in vars(factories).values():
        if (
            isinstance(candidate, type)
            and issubclass(candidate, DjangoModelFactory)
            and not candidate._meta.abstract
            and candidate._meta.model is model
        ):
            return candidate
    raise AssertionError(f"no factory in tests/factories.py makes a {model.__name__}")


def _url(route: Route) -> str:
    """The route's URL, naming an existing record when it takes one."""
    if not route.kwargs:
        return reverse(route.name)
    model = route.model
    assert model is not None, f"{route.regex}: which record does it take? Teach this test."
    record = _factory_for(model)()
    lookup_field = getattr(route.view, "lookup_field", "pk")
    kwargs = {name: getattr(record, lookup_field) for name in route.kwargs}
    return reverse(route.name, kwargs=kwargs)


def _send(client: APIClient, method: str, url: str) -> Any:
    return client.generic(method.upper(), url, "{}", content_type="application/json")


def _case_id(case: tuple[Route, str]) -> str:
    route, method = case
    return f"{method.upper()} {route.regex}"


@pytest.mark.parametrize("case", WRITE_CASES, ids=[_case_id(c) for c in WRITE_CASES])
def test_write_route_needs_credentials_and_permission(
    case: tuple[Route, str], curator: User, reader: User
) -> None:
    route, method = case
    cache.clear()  # throttle counters
    url = _url(route)
    before = database_state()

    anonymous = _send(APIClient(), method, url)
    assert_error(anonymous, 401)
    assert anonymous["WWW-Authenticate"].startswith("Token"), anonymous.headers

    without_permission = _send(token_client(reader), method, url)
    assert_error(without_permission, 403)
    assert database_state() == before

    allowed = _send(token_client(curator), method, url)
    assert allowed.status_code not in {401, 403}, allowed.content[:2000]
    assert allowed.status_code < 500, allowed.content[:2000]


@pytest.mark.django_db
def test_screening_batch_is_a_read_anyone_may_call() -> None:
    """The one unsafe method that is not a write (NOT_WRITES) really is open to anyone."""
    cache.clear()
    response = APIClient().post(reverse("screening"), {"names": ["JAXA"]}, format="json")
    assert response.status_code == 200, response.content[:2000]


# --- admin ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_sends_anonymous_visitors_to_the_login() -> None:
    response = Client().get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_admin_refuses_users_who_are_not_staff() -> None:
    User.objects.create_user("visitor", password="pw-visitor-123")
    client = Client()

    login = client.post(
        "/admin/login/?next=/admin/", {"username": "visitor", "password": "pw-visitor-123"}
    )

    assert login.status_code == 200  # the form again, with an error: not a redirect in
    assert "staff account" in login.content.decode()
    assert "_auth_user_id" not in client.session
    # Signed in elsewhere (a session of the site), still no admin.
    client.force_login(User.objects.get(username="visitor"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_admin_admits_staff_and_shows_what_they_may_change(curator: User, reader: User) -> None:
    client = Client()
    client.force_login(curator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/deposits/deposit/").status_code == 200
    # Staff without model permissions get the index but no changelist.
    client.force_login(reader)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/deposits/deposit/").status_code == 403


# --- docs and schema -----------------------------------------------------------------------

DOCS = ["/api/schema/", "/api/docs/", "/api/redoc/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", DOCS)
def test_docs_are_public_by_default(path: str) -> None:
    cache.clear()
    assert Client().get(path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", DOCS)
@override_settings(API_DOCS_PUBLIC=False)
def test_docs_can_be_limited_to_staff(path: str, curator: User) -> None:
    cache.clear()
    anonymous = Client().get(path)
    assert anonymous.status_code == 401, anonymous.status_code
    assert anonymous["WWW-Authenticate"].startswith("Token")

    not_staff = User.objects.create_user("visitor", password="pw")
    assert token_client(not_staff).get(path).status_code == 403

    assert token_client(curator).get(path).status_code == 200  # staff, by token
    session = Client()
    session.force_login(curator)  # staff, signed in to the admin: how a browser sees the docs
    assert session.get(path).status_code == 200
