"""Fixtures shared by the whole suite: users with and without curator rights, API clients."""

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import Client
from rest_framework.test import APIClient

from apps.core.groups import curators_group_sync
from apps.core.testing import token_client


@pytest.fixture(autouse=True)
def _no_responses_from_other_tests() -> Iterator[None]:
    """Cached responses are keyed by the newest change-event id, which a rolled-back test
    can hand out again on SQLite: a test never sees another test's responses."""
    caches["responses"].clear()
    yield
    caches["responses"].clear()


@pytest.fixture
def curator(db: None) -> User:
    user = User.objects.create_user("curator", password="pw", is_staff=True)
    user.groups.add(curators_group_sync())
    return user


@pytest.fixture
def reader(db: None) -> User:
    """A signed-in staff user with no model permissions."""
    return User.objects.create_user("reader", password="pw", is_staff=True)


@pytest.fixture
def curator_client(client: Client, curator: User) -> Client:
    """The admin, signed in as a curator."""
    client.force_login(curator)
    return client


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def curator_api(curator: User) -> APIClient:
    """A client signed in with the curator's API token."""
    return token_client(curator)
