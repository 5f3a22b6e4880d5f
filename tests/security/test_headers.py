"""Security headers on every kind of response (API, errors, docs, admin), and HSTS in
production, configurable through the environment.

The headers come from Django's SecurityMiddleware and XFrameOptionsMiddleware and from
django-csp (``minerals_api/settings/base.py``); they are on in every environment, so these
tests see the same headers a deployment sends. Whether the docs still work under the policy
is for a real browser: ``test_browser.py``.
"""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from tests.security.helpers import production_secret, run_django

PAGES = [
    "/api/v1/",
    "/api/v1/deposits/",
    "/api/v1/nowhere/",  # an error, in the API's shape
    "/api/schema/",
    "/api/docs/",
    "/api/docs/?script=",  # Swagger UI's init script (the split view)
    "/api/redoc/",
    "/admin/login/",
    "/healthz",
]


def _directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, *values = directive.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_security_headers(client: Client, path: str) -> None:
    cache.clear()  # throttle counters
    response = client.get(path)
    assert response.status_code in {200, 404}, (path, response.status_code)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    # Scripts only from this origin: no inline script, no eval, anywhere.
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


#: Production HSTS by environment: (variables, the expected header or None for no header).
HSTS_CASES = {
    "default": ({}, "max-age=31536000; includeSubDomains; preload"),
    "configured": (
        {"DJANGO_HSTS_SECONDS": "3600", "DJANGO_HSTS_PRELOAD": "false"},
        "max-age=3600; includeSubDomains",
    ),
    "off": ({"DJANGO_HSTS_SECONDS": "0"}, None),
}

#: Run in a fresh process under the production settings: one HTTPS request, its headers.
PRODUCTION_REQUEST = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/api/v1/nowhere/", secure=True, headers={"host": "api.example.org"})
print(json.dumps({"seconds": settings.SECURE_HSTS_SECONDS, "status": response.status_code,
                  "headers": dict(response.headers)}))
"""


@pytest.mark.parametrize("case", list(HSTS_CASES))
def test_hsts_in_production_is_configurable(case: str) -> None:
    env, expected = HSTS_CASES[case]
    result = run_django(
        "-c",
        PRODUCTION_REQUEST,
        DJANGO_SECRET_KEY=production_secret(),
        DJANGO_ALLOWED_HOSTS="api.example.org",
        **env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["status"] == 404, seen
    assert seen["headers"].get("Strict-Transport-Security") == expected, seen["headers"]
    assert seen["seconds"] == int(env.get("DJANGO_HSTS_SECONDS", 31_536_000))
    assert seen["headers"]["X-Content-Type-Options"] == "nosniff"
    assert seen["headers"]["Referrer-Policy"] == "same-origin"
    assert "Content-Security-Policy" in seen["headers"]


def test_production_redirects_plain_http() -> None:
    """HSTS only means something with HTTPS enforced: a plain-HTTP request is redirected."""
    script = PRODUCTION_REQUEST.replace("secure=True", "secure=False")
    result = run_django(
        "-c", script, DJANGO_SECRET_KEY=production_secret(), DJANGO_ALLOWED_HOSTS="api.example.org"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["status"] == 301, seen
    assert seen["headers"]["Location"] == "https://api.example.org/api/v1/nowhere/"
