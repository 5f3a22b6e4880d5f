"""When the database is unreachable the API says so (503, Retry-After) in its error shape.

The real outage (PostgreSQL stopped under load, then restarted) is exercised by
``make loadtest``; here the connection failure is simulated at the cursor.
"""

from typing import Any

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client


@pytest.fixture
def client() -> Client:
    """5xx responses are reported through got_request_exception (for error tracking), which
    the default test client would re-raise; a real client just gets the response."""
    return Client(raise_request_exception=False)


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/deposits/",
        "/api/v1/deposits/1/",
        "/api/v1/controlled-elements/",
        "/api/v1/screening/?name=JAXA",
        "/api/v1/changes/",
        "/api/v1/",
    ],
)
def test_api_answers_503_while_the_database_is_down(
    client: Client, database_down: None, path: str
) -> None:
    response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "type": "server_error",
        "errors": [
            {
                "code": "service_unavailable",
                "detail": "The database is unavailable; try again shortly.",
                "attr": None,
            }
        ],
    }


@pytest.mark.django_db
def test_healthz_reports_the_outage(client: Client, database_down: None) -> None:
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "database_unavailable"


@pytest.mark.django_db
def test_healthz_is_ok_with_the_database(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
