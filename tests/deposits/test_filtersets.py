"""Deposit and resource-estimate filters: one test per filter, with its happy path and 400s."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from apps.core.testing import FilterTests
from apps.deposits.models import Deposit, ResourceEstimate
from apps.entities.models import Entity
from apps.sources.models import Source
from tests.factories import (
    DepositFactory,
    ElementFactory,
    EntityFactory,
    ResourceEstimateFactory,
    SourceFactory,
)


@dataclass
class Deposits:
    rajasthan: Deposit
    odisha: Deposit
    bayan_obo: Deposit
    unlocated: Deposit
    irel: Entity


@pytest.fixture
def deposits(db: None) -> Deposits:
    nd, dy, ce, la = (ElementFactory(symbol=s) for s in ("Nd", "Dy", "Ce", "La"))
    irel = EntityFactory(slug="irel", name="IREL (India) Limited", country="IN")
    return Deposits(
        rajasthan=DepositFactory(
            name="Siwana ring complex",
            country="IN",
            region="IN-RJ",
            locality="Balotra district",
            deposit_type="hard_rock",
            status="identified",
            elements=[nd, dy],
            operator=irel,
            latitude=Decimal("25.650000"),
            longitude=Decimal("72.420000"),
        ),
        odisha=DepositFactory(
            name="Chhatrapur placer",
            country="IN",
            region="IN-OD",
            deposit_type="placer",
            status="producing",
            elements=[nd],
            latitude=Decimal("19.350000"),
            longitude=Decimal("84.980000"),
        ),
        bayan_obo=DepositFactory(
            name="Bayan Obō",
            country="CN",
            region="CN-NM",
            deposit_type="carbonatite",
            status="producing",
            elements=[ce, la, nd],
            latitude=Decimal("41.783300"),
            longitude=Decimal("109.966700"),
        ),
        unlocated=DepositFactory(
            name="Unnamed deposit in Japan's EEZ",
            country="JP",
            region="",
            deposit_type="sediment_hosted",
            status="reported",
        ),
        irel=irel,
    )


class TestDepositFilters(FilterTests):
    basename = "deposit"

    def test_country(self, deposits: Deposits) -> None:
        self.assert_finds({"country": "IN"}, deposits.rajasthan, deposits.odisha)
        self.assert_finds({"country": "CN"}, deposits.bayan_obo)
        self.assert_finds({"country": "FR"})
        self.assert_refused({"country": "XX"}, "country")
        self.assert_refused({"country": "in"}, "country")
        self.assert_refused({"country": "India"}, "country")
        self.assert_refused([("country", "IN"), ("country", "CN")], "country")

    def test_region(self, deposits: Deposits) -> None:
        self.assert_finds({"region": "IN-RJ"}, deposits.rajasthan)
        self.assert_finds({"region": "IN-KA"})
        self.assert_refused({"region": "IN-XX"}, "region")
        self.assert_refused({"region": "Rajasthan"}, "region")

    def test_element_is_repeatable_any_of(self, deposits: Deposits) -> None:
        self.assert_finds({"element": "Dy"}, deposits.rajasthan)
        self.assert_finds(
            [("element", "Dy"), ("element", "Ce")], deposits.rajasthan, deposits.bayan_obo
        )
        # Nd is in three deposits, Dy in one of them: each deposit once.
        self.assert_finds(
            [("element", "Nd"), ("element", "Dy")],
            deposits.rajasthan,
            deposits.odisha,
            deposits.bayan_obo,
        )
        self.assert_refused({"element": "Xx"}, "element")
        self.assert_refused({"element": "dy"}, "element")
        self.assert_refused([("element", "Dy"), ("element", "Xx")], "element")

    def test_deposit_type(self, deposits: Deposits) -> None:
        self.assert_finds({"deposit_type": "placer"}, deposits.odisha)
        self.assert_refused({"deposit_type": "volcano"}, "deposit_type")

    def test_status(self, deposits: Deposits) -> None:
        self.assert_finds({"status": "producing"}, deposits.odisha, deposits.bayan_obo)
        self.assert_refused({"status": "Producing"}, "status")

    def test_operator(self, deposits: Deposits) -> None:
        self.assert_finds({"operator": deposits.irel.pk}, deposits.rajasthan)
        self.assert_refused({"operator": 999_999_999}, "operator")
        self.assert_refused({"operator": "irel"}, "operator")

    def test_bbox_selects_exactly_the_deposits_inside(self, deposits: Deposits) -> None:
        self.assert_finds({"bbox": "68,6,98,37"}, deposits.rajasthan, deposits.odisha)
        self.assert_finds({"bbox": "72,25,73,26"}, deposits.rajasthan)
        # Edges are inside: a box that is exactly the point.
        self.assert_finds({"bbox": "72.42,25.65,72.42,25.65"}, deposits.rajasthan)
        self.assert_finds(
            {"bbox": "-180,-90,180,90"}, deposits.rajasthan, deposits.odisha, deposits.bayan_obo
        )
        self.assert_finds({"bbox": "0,0,1,1"})

    @pytest.mark.parametrize(
        "bbox",
        [
            "68,6,98",  # three numbers
            "68,6,98,37,1",  # five
            "98,6,68,37",  # min_lon > max_lon
            "68,37,98,6",  # min_lat > max_lat
            "-181,6,98,37",  # longitude out of range
            "68,6,98,91",  # latitude out of range
            "west,6,98,37",  # not a number
            "NaN,6,98,37",
            "68,6,Infinity,37",
            "",
        ],
    )
    def test_bad_bbox_is_400(self, deposits: Deposits, bbox: str) -> None:
        if bbox == "":
            self.assert_finds({"bbox": bbox}, *_all(deposits))  # empty: no filter
            return
        self.assert_refused({"bbox": bbox}, "bbox")

    def test_q_is_case_and_accent_insensitive(self, deposits: Deposits) -> None:
        self.assert_finds({"q": "bayan obo"}, deposits.bayan_obo)
        self.assert_finds({"q": "BAYAN OBŌ"}, deposits.bayan_obo)
        self.assert_finds({"q": "  Bayan   Obo "}, deposits.bayan_obo)
        self.assert_finds({"q": "balotra"}, deposits.rajasthan)  # the locality
        self.assert_finds({"q": "placer"}, deposits.odisha)
        self.assert_finds({"q": "no such deposit"})
        self.assert_refused({"q": "x" * 201}, "q")

    def test_ordering(self, deposits: Deposits) -> None:
        by_name = sorted(_all(deposits), key=lambda d: d.name)
        assert self.ordered_ids({"ordering": "name"}) == [d.pk for d in by_name]
        assert self.ordered_ids({"ordering": "-name"}) == [d.pk for d in reversed(by_name)]
        assert self.ordered_ids({"ordering": "country,name"})[0] == deposits.bayan_obo.pk
        self.assert_refused({"ordering": "colour"}, "ordering")
        self.assert_refused({"ordering": "search_text"}, "ordering")

    def test_updated_since(self, deposits: Deposits) -> None:
        Deposit.objects.update(updated_at=datetime(2026, 1, 1, tzinfo=UTC))
        Deposit.objects.filter(pk=deposits.odisha.pk).update(
            updated_at=datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
        )
        self.assert_finds({"updated_since": "2026-03-04T12:00:00Z"}, deposits.odisha)
        self.assert_finds({"updated_since": "2026-03-04T13:00:00+01:00"}, deposits.odisha)
        self.assert_finds({"updated_since": "2026-03-04T12:00:01Z"})
        self.assert_finds({"updated_since": "2025-12-31T00:00:00Z"}, *_all(deposits))
        self.assert_refused({"updated_since": "yesterday"}, "updated_since")
        self.assert_refused({"updated_since": "2026-13-01T00:00:00Z"}, "updated_since")

    def test_filters_combine(self, deposits: Deposits) -> None:
        self.assert_finds(
            [("country", "IN"), ("status", "producing"), ("element", "Nd")], deposits.odisha
        )


def _all(deposits: Deposits) -> list[Deposit]:
    return [deposits.rajasthan, deposits.odisha, deposits.bayan_obo, deposits.unlocated]


@dataclass
class Estimates:
    hard_rock: ResourceEstimate
    placer: ResourceEstimate
    joint: ResourceEstimate
    source: Source
    first: Deposit
    second: Deposit


@pytest.fixture
def estimates(db: None) -> Estimates:
    first, second = DepositFactory(), DepositFactory()
    source = SourceFactory(slug="gsi-2026")
    return Estimates(
        hard_rock=ResourceEstimateFactory(
            deposits=[first], material="REO", category="inferred", as_of="2026-01-28", source=source
        ),
        placer=ResourceEstimateFactory(
            deposits=[second], material="ore", category="indicated", as_of="2024-06-30"
        ),
        joint=ResourceEstimateFactory(
            deposits=[first, second], material="TREO", category="inferred", as_of="2025-03-01"
        ),
        source=source,
        first=first,
        second=second,
    )


class TestResourceEstimateFilters(FilterTests):
    basename = "resource-estimate"

    def test_deposit(self, estimates: Estimates) -> None:
        self.assert_finds({"deposit": estimates.first.pk}, estimates.hard_rock, estimates.joint)
        self.assert_finds({"deposit": estimates.second.pk}, estimates.placer, estimates.joint)
        self.assert_refused({"deposit": 999_999_999}, "deposit")
        self.assert_refused({"deposit": "first"}, "deposit")

    def test_material(self, estimates: Estimates) -> None:
        self.assert_finds({"material": "TREO"}, estimates.joint)
        self.assert_refused({"material": "gold"}, "material")
        self.assert_refused({"material": "treo"}, "material")

    def test_category(self, estimates: Estimates) -> None:
        self.assert_finds({"category": "inferred"}, estimates.hard_rock, estimates.joint)
        self.assert_refused({"category": "guess"}, "category")

    def test_source(self, estimates: Estimates) -> None:
        self.assert_finds({"source": estimates.source.pk}, estimates.hard_rock)
        self.assert_refused({"source": "gsi-2026"}, "source")

    def test_unknown_source_is_400(self, estimates: Estimates) -> None:
        self.assert_refused({"source": 999_999_999}, "source")
        self.assert_refused({"source": 1.5}, "source")
        self.assert_refused({"source": f"{estimates.source.pk}.0"}, "source")

    def test_as_of_after_and_before(self, estimates: Estimates) -> None:
        self.assert_finds({"as_of_after": "2025-03-01"}, estimates.hard_rock, estimates.joint)
        self.assert_finds({"as_of_before": "2025-03-01"}, estimates.placer, estimates.joint)
        self.assert_finds(
            {"as_of_after": "2025-01-01", "as_of_before": "2025-12-31"}, estimates.joint
        )
        self.assert_refused({"as_of_after": "2025-02-30"}, "as_of_after")
        self.assert_refused({"as_of_before": "March 2025"}, "as_of_before")
        self.assert_refused({"as_of_before": "03/01/2025"}, "as_of_before")  # not ISO

    def test_q(self, estimates: Estimates) -> None:
        self.assert_finds({"q": "treo"}, estimates.joint)
        self.assert_finds({"q": estimates.placer.slug.upper()}, estimates.placer)

    def test_ordering(self, estimates: Estimates) -> None:
        assert self.ordered_ids({"ordering": "as_of"}) == [
            estimates.placer.pk,
            estimates.joint.pk,
            estimates.hard_rock.pk,
        ]
        self.assert_refused({"ordering": "quantity"}, "ordering")
