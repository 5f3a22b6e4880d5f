"""Production settings refuse to start without their secrets, and pass Django's deployment
checklist (``check --deploy``) with them, warnings included (DESIGN.md section 6)."""

from __future__ import annotations

import pytest

from tests.security.helpers import manage, production_secret

HOSTS = "api.example.org"


@pytest.mark.parametrize(
    "env",
    [
        pytest.param({"DJANGO_ALLOWED_HOSTS": HOSTS}, id="missing"),
        pytest.param({"DJANGO_SECRET_KEY": "", "DJANGO_ALLOWED_HOSTS": HOSTS}, id="empty"),
        pytest.param(
            {
                "DJANGO_SECRET_KEY": "insecure-local-development-key-change-me" * 2,
                "DJANGO_ALLOWED_HOSTS": HOSTS,
            },
            id="the-development-default",
        ),
        pytest.param({"DJANGO_SECRET_KEY": "short", "DJANGO_ALLOWED_HOSTS": HOSTS}, id="short"),
    ],
)
def test_refuses_to_start_without_a_secret_key(env: dict[str, str]) -> None:
    result = manage("check", **env)
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr, result.stderr[-2000:]


@pytest.mark.parametrize("hosts", [None, "", " , "], ids=["missing", "empty", "blank-items"])
def test_refuses_to_start_without_allowed_hosts(hosts: str | None) -> None:
    env = {"DJANGO_SECRET_KEY": production_secret()}
    if hosts is not None:
        env["DJANGO_ALLOWED_HOSTS"] = hosts
    result = manage("check", **env)
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr, result.stderr[-2000:]


def test_deployment_checklist_is_clean_with_both() -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=production_secret(),
        DJANGO_ALLOWED_HOSTS=HOSTS,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout
