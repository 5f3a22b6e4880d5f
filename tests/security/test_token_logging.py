"""API tokens never reach the logs: not in a log record of any logger at any level, not in
the error report Django would mail for a 500, not in an access-log format.

Requests that go wrong are the ones that get logged (Django's ``django.request`` logger
writes every 4xx and 5xx, the 500 with its traceback and the request attached), so each
request here fails in its own way while carrying a real token (and a made-up one).

Under ``DEBUG=True`` with the ``django.db.backends`` logger turned up to DEBUG, Django would
log every SQL query, the token lookup (``WHERE key = ...``) included: a development-only
opt-in that no settings module of the project makes; the tests run with DEBUG off, as
production does.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.views.debug import ExceptionReporter
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.sources.api.views import SourceViewSet
from tests import factories

MADE_UP_KEY = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def every_log_record(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """caplog at DEBUG on every logger, also those that do not propagate to the root."""
    names = [None, *logging.root.manager.loggerDict]
    for name in names:
        caplog.set_level(logging.DEBUG, logger=name)
    lonely = [
        logger
        for logger in map(logging.getLogger, logging.root.manager.loggerDict)
        if not logger.propagate
    ]
    for logger in lonely:
        logger.addHandler(caplog.handler)
    try:
        yield caplog
    finally:
        for logger in lonely:
            logger.removeHandler(caplog.handler)


def _record_text(record: logging.LogRecord) -> str:
    """Everything a handler could write of a record: message, traceback, stack, extras."""
    parts = [record.getMessage(), repr(record.args), str(record.__dict__)]
    if record.exc_info:
        parts.append(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        parts.append(record.stack_info)
    return "\n".join(parts)


@pytest.mark.django_db
def test_tokens_are_not_logged(
    every_log_record: pytest.LogCaptureFixture, curator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.clear()  # throttle counters
    key = Token.objects.create(user=curator).key
    source = factories.SourceFactory()
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    detail = f"/api/v1/sources/{source.pk}/"
    statuses = [
        client.post("/api/v1/sources/", {"title": ""}, format="json").status_code,  # 400
        client.get("/api/v1/sources/999999/").status_code,  # 404
        client.delete("/api/v1/sources/").status_code,  # 405
        client.patch(detail, {}, format="json", headers={"if-match": '"stale"'}).status_code,
        client.get(f"/api/v1/sources/?token={key[:4]}").status_code,  # 400, unknown parameter
    ]

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(SourceViewSet, "list", fail)
    statuses.append(client.get("/api/v1/sources/").status_code)  # 500
    statuses.append(
        APIClient()
        .get("/api/v1/sources/", headers={"authorization": f"Token {MADE_UP_KEY}"})
        .status_code
    )  # 401

    assert statuses == [400, 404, 405, 412, 400, 500, 401]
    records = every_log_record.records
    assert any(r.levelno >= logging.ERROR and r.exc_info for r in records), "no 500 logged"
    assert sum(r.name == "django.request" for r in records) >= len(statuses)
    for record in records:
        text = _record_text(record)
        assert key not in text, record
        assert MADE_UP_KEY not in text, record

    # What AdminEmailHandler would mail for the 500: Django's report cleanses the
    # Authorization header (its name matches the sensitive pattern).
    [(request, exc_info)] = [
        (r.request, r.exc_info) for r in records if r.exc_info and hasattr(r, "request")
    ]
    report = ExceptionReporter(request, *exc_info).get_traceback_text()
    assert "HTTP_AUTHORIZATION" in report
    assert key not in report


#: Where a server's configuration or command line could live.
CONFIGURATION_SUFFIXES = {".py", ".toml", ".cfg", ".conf", ".ini", ".sh", ".yml", ".yaml", ".env"}
CONFIGURATION_NAMES = {"Makefile", "Procfile", "Dockerfile", "run"}
NOT_OURS = {".venv", "build", "staticfiles", "node_modules", ".git", "__pycache__", ".mypy_cache"}


def _configuration_files(root: Path) -> Iterator[Path]:
    for path in root.rglob("*"):
        if NOT_OURS & set(path.relative_to(root).parts) or not path.is_file():
            continue
        configures = path.suffix in CONFIGURATION_SUFFIXES or path.name in CONFIGURATION_NAMES
        if configures and path != Path(__file__):
            yield path


def test_no_access_log_format_writes_the_authorization_header() -> None:
    """gunicorn's default access-log format has no request headers; no file of the project
    sets another one (``access_log_format`` / ``--access-logformat``), and none that would
    could log ``{authorization}i``."""
    from gunicorn.config import AccessLogFormat

    assert "authorization" not in str(AccessLogFormat.default).lower()
    setters = []
    for path in _configuration_files(Path(settings.BASE_DIR)):
        lowered = path.read_text(errors="ignore").lower()
        if "access_log_format" in lowered or "access-logformat" in lowered:
            setters.append(path)
            assert "{authorization}i" not in lowered, path
    print("access-log formats set in:", setters or "nowhere", file=sys.stderr)
