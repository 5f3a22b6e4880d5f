"""Agreement filters: party, party_country, element, kind, status, active_on, q, ordering."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from apps.agreements.models import Agreement
from apps.core.testing import FilterTests
from apps.entities.models import Entity
from tests.factories import AgreementFactory, AgreementPartyFactory, ElementFactory, EntityFactory


@dataclass
class Agreements:
    memorandum: Agreement  # India-Japan, signed 2025-08-29, open-ended
    expired: Agreement  # Japan-Australia, in force during 2024 only
    talks: Agreement  # India-Australia, under discussion
    india: Entity
    japan: Entity
    jogmec: Entity

    def all(self) -> list[Agreement]:
        return [self.memorandum, self.expired, self.talks]


@pytest.fixture
def agreements(db: None) -> Agreements:
    nd, dy, li = (ElementFactory(symbol=s) for s in ("Nd", "Dy", "Li"))
    india = EntityFactory(slug="india", name="Government of India", kind="state", country="IN")
    japan = EntityFactory(slug="japan", name="Government of Japan", kind="state", country="JP")
    jogmec = EntityFactory(slug="jogmec", name="JOGMEC", kind="government_body", country="JP")
    australia = EntityFactory(slug="au", name="Government of Australia", kind="state", country="AU")
    memorandum = AgreementFactory(
        title="Memorandum on rare-earth cooperation",
        kind="memorandum",
        status="signed",
        signed_on=datetime.date(2025, 8, 29),
        elements=[nd, dy],
    )
    expired = AgreementFactory(
        title="Critical minerals partnership",
        kind="framework",
        status="in_force",
        signed_on=datetime.date(2023, 12, 1),
        effective_from=datetime.date(2024, 1, 1),
        effective_to=datetime.date(2024, 12, 31),
        elements=[li],
    )
    talks = AgreementFactory(
        title="Lithium offtake talks",
        kind="offtake",
        status="under_discussion",
        signed_on=None,
        elements=[li],
    )
    for agreement, parties in (
        (memorandum, [india, japan, jogmec]),
        (expired, [japan, australia]),
        (talks, [india, australia]),
    ):
        for entity in parties:
            AgreementPartyFactory(agreement=agreement, entity=entity)
    return Agreements(memorandum, expired, talks, india, japan, jogmec)


class TestAgreementFilters(FilterTests):
    basename = "agreement"

    def test_party(self, agreements: Agreements) -> None:
        self.assert_finds({"party": agreements.india.pk}, agreements.memorandum, agreements.talks)
        self.assert_finds({"party": agreements.jogmec.pk}, agreements.memorandum)
        self.assert_refused({"party": 999_999_999}, "party")
        self.assert_refused({"party": "india"}, "party")

    def test_party_country(self, agreements: Agreements) -> None:
        # Two Japanese parties to the memorandum: it is listed once.
        self.assert_finds({"party_country": "JP"}, agreements.memorandum, agreements.expired)
        self.assert_finds({"party_country": "CN"})
        self.assert_refused({"party_country": "Japan"}, "party_country")

    def test_element(self, agreements: Agreements) -> None:
        self.assert_finds({"element": "Dy"}, agreements.memorandum)
        self.assert_finds([("element", "Dy"), ("element", "Li")], *agreements.all())
        self.assert_refused({"element": "Xx"}, "element")

    def test_kind(self, agreements: Agreements) -> None:
        self.assert_finds({"kind": "framework"}, agreements.expired)
        self.assert_refused({"kind": "handshake"}, "kind")

    def test_status(self, agreements: Agreements) -> None:
        self.assert_finds({"status": "under_discussion"}, agreements.talks)
        self.assert_refused({"status": "rumoured"}, "status")

    def test_active_on(self, agreements: Agreements) -> None:
        self.assert_finds({"active_on": "2025-08-29"}, agreements.memorandum)  # signed that day
        self.assert_finds({"active_on": "2025-08-28"})
        self.assert_finds({"active_on": "2024-12-31"}, agreements.expired)  # last day counts
        self.assert_finds({"active_on": "2023-12-15"})  # signed, not yet effective
        self.assert_finds({"active_on": "2030-01-01"}, agreements.memorandum)
        self.assert_refused({"active_on": "2025-02-30"}, "active_on")
        self.assert_refused({"active_on": "today"}, "active_on")
        self.assert_refused({"active_on": "08/29/2025"}, "active_on")  # not ISO

    def test_q(self, agreements: Agreements) -> None:
        self.assert_finds({"q": "RARE-EARTH"}, agreements.memorandum)
        self.assert_finds({"q": "lithium"}, agreements.talks)

    def test_ordering(self, agreements: Agreements) -> None:
        assert self.ordered_ids({"ordering": "title"}) == [
            agreements.expired.pk,
            agreements.talks.pk,
            agreements.memorandum.pk,
        ]
        self.assert_refused({"ordering": "status"}, "ordering")
