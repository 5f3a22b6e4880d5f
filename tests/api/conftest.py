"""Fixtures of the API-wide tests: a throttle cache that starts empty."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    """Throttles count requests in the default cache, which outlives a test."""
    cache.clear()
