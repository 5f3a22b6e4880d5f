"""Fixtures for the screening tests: a fresh throttle cache and a fresh name index per test."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from apps.screening import index


@pytest.fixture(autouse=True)
def _fresh_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """Throttle counters live in the cache, which outlives a test. The name index is per
    process and keyed by the newest history ids, which a rolled-back test database (SQLite
    reuses ids after a rollback) can repeat with other rows behind them."""
    cache.clear()
    monkeypatch.setattr(index, "_current", None)
