"""HTML and script in text fields: stored as given, harmless wherever they are shown.

The API serves data: ``<script>alert(1)</script>`` in a name is stored and returned exactly as
sent, in JSON and in CSV. Stripping or escaping it on the way in would corrupt the record for
every client that is not a browser (and a name may legitimately hold ``<`` or ``&``). It is
made harmless where it is shown:

* API responses are JSON or CSV, sent with ``X-Content-Type-Options: nosniff`` so that no
  browser renders them as HTML; error responses that quote hostile input are JSON too.
* The admin escapes it: its change list, change form and history page show
  ``&lt;script&gt;``, never the tag, and so does the search box quoting a query.
* The docs pages (Swagger UI at /api/docs/, Redoc at /api/redoc/) put the ``lang`` and
  ``version`` query parameters into the page: percent-encoded and HTML-escaped, never as
  markup. Their Content-Security-Policy allows scripts from the site only (no inline script).
"""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.hostile.targets import WRITABLE, World, create_bodies, leaves, refusal_problem, replaced

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
MARKUP = f"{SCRIPT}<img src=x onerror=alert(2)> \"quoted\" & 'single' &amp;"
#: The escaped form Django's templates give the script tag.
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
#: Fields a person reads: where markup would do harm if a page rendered it.
TEXT_FIELDS = frozenset(
    {"title", "name", "publisher", "reference", "locality", "scope"}
    | {"notes", "description", "summary", "note"}
)
ATTACKS = (
    '"><script>alert(1)</script>',
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
    "'-alert(1)-'",
)


def with_markup(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """``body`` with markup in every text field, and what each of those fields now holds."""
    sent = {}
    for index, (path, _) in enumerate(leaves(body)):
        if path.split(".")[-1] in TEXT_FIELDS:
            sent[path] = f"{MARKUP} {index}"
            body = replaced(body, path, sent[path])
    return body, sent


def assert_not_sniffable(response: Any) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response["Content-Type"].startswith("text/html"), response["Content-Type"]


# --- the API -------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", WRITABLE)
def test_markup_is_stored_and_read_back_as_sent(
    curator_api: APIClient, anon: APIClient, world: World, prefix: str
) -> None:
    body, sent = with_markup(create_bodies(world)[prefix])
    assert sent, "every resource has text fields"
    created = curator_api.post(f"/api/v1/{prefix}/", body, format="json")
    assert created.status_code == 201, created.content[:500]
    detail = anon.get(created.json()["url"])
    assert_not_sniffable(detail)
    stored = dict(leaves(detail.json()))
    assert {path: stored.get(path) for path in sent} == sent
    listed = anon.get(f"/api/v1/{prefix}/", {"format": "csv", "limit": "1000"})
    assert_not_sniffable(listed)
    assert listed["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(listed.content.decode())))
    row = next(row for row in rows if row["id"] == str(created.json()["id"]))
    top_level = {path: value for path, value in sent.items() if "." not in path}
    assert {path: row[path] for path in top_level} == top_level


def test_markup_is_found_by_search_as_text(
    curator_api: APIClient, anon: APIClient, world: World
) -> None:
    body = {**create_bodies(world)["entities"], "name": f"{MARKUP} Trading"}
    created = curator_api.post("/api/v1/entities/", body, format="json")
    assert created.status_code == 201, created.content[:500]
    found = anon.get("/api/v1/entities/", {"q": SCRIPT}).json()["results"]
    assert [item["id"] for item in found] == [created.json()["id"]]


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/deposits/?{quote(SCRIPT)}=1",
        f"/api/v1/deposits/?country={quote(SCRIPT)}",
        f"/api/v1/deposits/?format={quote(SCRIPT)}",
        f"/api/v1/deposits/?fields={quote(SCRIPT)}",
        f"/api/v1/screening/?name=JAXA&as_of={quote(SCRIPT)}",
        f"/api/v1/{quote(SCRIPT)}/",
    ],
)
def test_errors_that_quote_markup_are_json(anon: APIClient, world: World, url: str) -> None:
    response = anon.get(url)
    assert response.status_code in {400, 404}
    assert refusal_problem(response, set(), status=response.status_code) is None
    assert_not_sniffable(response)


# --- the admin -------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client: Client, db: None) -> Client:
    client.force_login(User.objects.create_superuser("root", password="pw"))
    return client


@pytest.mark.parametrize("prefix", WRITABLE)
def test_markup_is_escaped_in_the_admin(
    curator_api: APIClient, admin_client: Client, world: World, prefix: str
) -> None:
    body, _ = with_markup(create_bodies(world)[prefix])
    created = curator_api.post(f"/api/v1/{prefix}/", body, format="json")
    assert created.status_code == 201, created.content[:500]
    opts = type(world.record(prefix))._meta
    pk = created.json()["id"]
    pages = {
        "changelist": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        "change": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk]),
        "history": reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[pk]),
    }
    pages["search"] = f"{pages['changelist']}?q={quote(SCRIPT)}"
    # An estimate is listed by its slug and quantity: its text (citation notes) is on the
    # change form only (the search page quotes the query in its search box).
    shown = {"change", "search"} if prefix == "resource-estimates" else set(pages)
    for page, url in pages.items():
        response = admin_client.get(url)
        assert response.status_code == 200, (page, response.status_code)
        html = response.content.decode()
        assert SCRIPT not in html, page
        assert "<img src=x onerror=alert(2)>" not in html, page
        assert (ESCAPED in html) == (page in shown), page


# --- the docs --------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["/api/docs/", "/api/docs/?script=", "/api/redoc/"])
@pytest.mark.parametrize("parameter", ["lang", "version", "x"])
def test_the_docs_do_not_echo_query_strings_as_markup(
    anon: APIClient, page: str, parameter: str
) -> None:
    separator = "&" if "?" in page else "?"
    for attack in ATTACKS:
        response = anon.get(f"{page}{separator}{parameter}={quote(attack)}")
        assert response.status_code == 200, (attack, response.status_code)
        text = response.content.decode()
        assert attack not in text, attack
        assert "<script>alert(1)" not in text, attack


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/", "/admin/login/"])
def test_html_pages_allow_no_inline_script(anon: APIClient, page: str) -> None:
    policy = anon.get(page)["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"], policy
