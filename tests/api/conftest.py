"""Fixtures of the API-wide tests: clients, and a throttle cache that starts empty."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from rest_framework.test import APIClient

from apps.core.testing import token_client


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    """Throttles count requests in the default cache, which outlives a test."""
    cache.clear()


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def curator_api(curator: User) -> APIClient:
    return token_client(curator)
