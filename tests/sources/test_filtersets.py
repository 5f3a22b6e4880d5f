"""Source filters: kind, published_after, published_before, q, ordering."""

from __future__ import annotations

import datetime

import pytest

from apps.core.testing import FilterTests
from apps.sources.models import Source
from tests.factories import SourceFactory


@pytest.fixture
def sources(db: None) -> dict[str, Source]:
    return {
        "news": SourceFactory(
            title="India and Japan to cooperate on rare earths",
            publisher="Example Wire",
            kind="news",
            published_on=datetime.date(2026, 3, 4),
        ),
        "notice": SourceFactory(
            title="Announcement No. 18 of 2025",
            publisher="Ministère du Commerce",
            kind="government_announcement",
            published_on=datetime.date(2025, 4, 4),
        ),
        "undated": SourceFactory(title="Deposit database", kind="dataset", published_on=None),
    }


class TestSourceFilters(FilterTests):
    basename = "source"

    def test_kind(self, sources: dict[str, Source]) -> None:
        self.assert_finds({"kind": "government_announcement"}, sources["notice"])
        self.assert_refused({"kind": "blog"}, "kind")

    def test_published_after_and_before(self, sources: dict[str, Source]) -> None:
        self.assert_finds({"published_after": "2026-03-04"}, sources["news"])
        self.assert_finds({"published_before": "2026-03-03"}, sources["notice"])
        self.assert_finds(
            {"published_after": "2025-04-04", "published_before": "2026-03-04"},
            sources["news"],
            sources["notice"],
        )
        self.assert_refused({"published_after": "2026-02-30"}, "published_after")
        self.assert_refused({"published_before": "yesterday"}, "published_before")

    def test_dates_must_be_iso(self, sources: dict[str, Source]) -> None:
        self.assert_refused({"published_before": "04/03/2026"}, "published_before")
        self.assert_refused({"published_after": "Mar 4 2026"}, "published_after")
        self.assert_refused({"published_after": "2026-3-4"}, "published_after")
        self.assert_refused({"published_before": "20260304"}, "published_before")

    def test_q(self, sources: dict[str, Source]) -> None:
        self.assert_finds({"q": "rare earths"}, sources["news"])
        self.assert_finds({"q": "ministere"}, sources["notice"])  # the publisher, accent folded

    def test_ordering(self, sources: dict[str, Source]) -> None:
        dated = self.ordered_ids({"ordering": "published_on"})
        assert dated.index(sources["notice"].pk) < dated.index(sources["news"].pk)
        self.assert_refused({"ordering": "publisher"}, "ordering")
