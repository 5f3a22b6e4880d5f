"""Helpers of the security tests: run Django in a fresh process with chosen settings and
environment, as a deployment would start it (settings are read once, at import)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from django.conf import settings

#: Variables a test sets itself; inherited values would make its outcome depend on the shell.
OWN_VARIABLES = ("DJANGO_", "API_DOCS_PUBLIC", "DATABASE_URL")


def production_secret() -> str:
    """A secret that production accepts (random, 50+ characters)."""
    return secrets.token_urlsafe(64)


def run_django(
    *args: str, settings_module: str = "minerals_api.settings.production", **env: str
) -> subprocess.CompletedProcess[str]:
    """``python <args>`` in the project folder with ``settings_module`` and exactly the
    ``DJANGO_*`` variables given (none inherited). The database is an in-memory SQLite one:
    nothing here may depend on, or touch, a real database."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)}
    environment.update(
        DJANGO_SETTINGS_MODULE=settings_module, DATABASE_URL="sqlite:///:memory:", **env
    )
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``manage.py <args>`` under the production settings (see :func:`run_django`)."""
    return run_django("manage.py", *args, **env)
