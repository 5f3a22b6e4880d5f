"""The docs work under the Content-Security-Policy: Swagger UI and Redoc, opened in a real
headless browser (Debian's chromium), render every operation of the schema, and the browser
reports no blocked resource and no script error.

The app is served by pytest-django's ``live_server`` (static files by Django's
StaticFilesHandler, since ``django.contrib.staticfiles`` is installed: the sidecar's Swagger
UI and Redoc bundles come from ``/static/`` as in production). Chromium dumps the DOM after
10 s of virtual time (``--virtual-time-budget``: the page's timers and fetches run until
idle) and writes the console to stderr (``--enable-logging=stderr``), where Chrome reports
every CSP violation ("... violates the following Content Security Policy directive ...",
"Refused to ...").

Skipped, with the reason, where chromium (/usr/bin/chromium) is absent (``.ci/run``
installs it when it can).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

#: Debian's chromium (package ``chromium``), wherever PATH finds it.
CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=(
            f"{CHROMIUM} not found: the docs are not checked in a browser "
            "(apt-get install chromium; .ci/run does it when it runs as root)"
        ),
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,  # a browser per page: left out of ``make check``
]

#: What Chrome writes for a CSP violation (the wording changed across versions) or a script
#: that failed.
CSP_MARKERS = ("content security policy", "refused to")
SCRIPT_ERROR_MARKERS = ("uncaught", "syntaxerror", "typeerror", "referenceerror")

#: The only blocked load tolerated, by exact URL: Redoc 2.x (drf-spectacular-sidecar) always
#: draws its "API docs by Redocly" link with a logo from cdn.redoc.ly. The policy blocks it
#: on purpose (the docs contact no third party and work offline; img-src is 'self' data:),
#: and Redoc's onError handler then drops the image: nothing the reader needs is lost.
TOLERATED_BLOCKED = ("https://cdn.redoc.ly/redoc/logo-mini.svg",)


def _render(url: str, profile: Path) -> tuple[str, list[str]]:
    """The DOM of ``url`` after its scripts ran, and what the browser reported about it."""
    result = subprocess.run(
        [
            str(CHROMIUM),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=10000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout, result.stderr.splitlines()


def _problems(log: list[str]) -> list[str]:
    """Lines that report a CSP violation (not a tolerated one) or a script error."""
    problems = []
    for line in log:
        lowered = line.lower()
        if any(marker in lowered for marker in CSP_MARKERS):
            if not any(url in line for url in TOLERATED_BLOCKED):
                problems.append(line)
        elif ":CONSOLE" in line and any(marker in lowered for marker in SCRIPT_ERROR_MARKERS):
            problems.append(line)
    return problems


def _operations(client: Client) -> list[dict[str, Any]]:
    cache.clear()  # throttle counters
    schema = client.get("/api/schema/?format=json").json()
    operations = [
        {"path": path, "method": method, **operation}
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(operations) > 20, "the schema lost its operations"
    return operations


def _assert_served_under_the_policy(url: str) -> None:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy, policy
    assert "unsafe-eval" not in policy, policy


def test_swagger_ui_renders_every_operation(
    live_server: Any, client: Client, tmp_path: Path
) -> None:
    operations = _operations(client)
    url = f"{live_server.url}/api/docs/"
    _assert_served_under_the_policy(url)

    dom, log = _render(url, tmp_path / "profile")

    assert _problems(log) == [], "\n".join(log)
    # One collapsed block per operation, with its method, path and operation id.
    assert dom.count('class="opblock opblock-') == len(operations), dom[-3000:]
    for operation in operations:
        tag = operation["tags"][0].replace(" ", "_")  # as Swagger UI's deep links
        assert f'id="operations-{tag}-{operation["operationId"]}"' in dom, operation
        assert f'data-path="{operation["path"]}"' in dom, operation
    assert 'class="opblock opblock-get"' in dom
    assert 'data-path="/api/v1/deposits/"' in dom


def test_redoc_renders_every_operation(live_server: Any, client: Client, tmp_path: Path) -> None:
    operations = _operations(client)
    url = f"{live_server.url}/api/redoc/"
    _assert_served_under_the_policy(url)

    dom, log = _render(url, tmp_path / "profile")

    assert _problems(log) == [], "\n".join(log)
    # A section per operation (anchored by operation id), headed by its summary.
    for operation in operations:
        assert f'id="operation/{operation["operationId"]}"' in dom, operation
        if operation.get("summary"):
            assert html.escape(operation["summary"], quote=False) in dom, operation
    assert 'id="operation/v1_deposits_list"' in dom
    # The schema's own text, fetched by Redoc from /api/schema/ (connect-src 'self').
    assert "Critical-minerals reference API" in dom
