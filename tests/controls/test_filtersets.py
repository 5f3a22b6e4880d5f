"""Control-measure filters: authority, authority_country, element, entity, kind, in_force_on
(suspensions taken into account), q and ordering."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from apps.controls.models import ControlMeasure
from apps.core.testing import FilterTests
from apps.entities.models import Entity
from tests.factories import (
    ControlMeasureFactory,
    ElementControlFactory,
    ElementFactory,
    EntityFactory,
    EntityRestrictionFactory,
)


@dataclass
class Measures:
    licensing: ControlMeasure  # MOFCOM, from 2025-04-04, Dy and Tb
    technology: ControlMeasure  # MOFCOM, from 2025-10-09, Dy
    suspension: ControlMeasure  # MOFCOM, suspends technology 2025-11-10..2026-11-10
    entity_list: ControlMeasure  # US BIS, end-user restriction
    mofcom: Entity
    bis: Entity
    listed: Entity

    def all(self) -> list[ControlMeasure]:
        return [self.licensing, self.technology, self.suspension, self.entity_list]


@pytest.fixture
def measures(db: None) -> Measures:
    dy, tb = ElementFactory(symbol="Dy"), ElementFactory(symbol="Tb")
    mofcom = EntityFactory(slug="mofcom", name="MOFCOM", kind="government_body", country="CN")
    bis = EntityFactory(
        slug="bis", name="Bureau of Industry and Security", kind="government_body", country="US"
    )
    listed = EntityFactory(slug="listed", name="Listed Magnet Works", country="CN")
    licensing = ControlMeasureFactory(
        reference="MOFCOM Announcement No. 18 of 2025",
        authority=mofcom,
        effective_from=datetime.date(2025, 4, 4),
    )
    technology = ControlMeasureFactory(
        reference="MOFCOM Announcement No. 61 of 2025",
        authority=mofcom,
        kind="export_ban",
        effective_from=datetime.date(2025, 10, 9),
    )
    suspension = ControlMeasureFactory(
        reference="MOFCOM Announcement No. 70 of 2025",
        authority=mofcom,
        suspension=True,
        suspends=[technology],
        effective_from=datetime.date(2025, 11, 10),
        effective_to=datetime.date(2026, 11, 10),
    )
    entity_list = ControlMeasureFactory(
        reference="Entity List addition",
        title="Additions to the Entity List",
        authority=bis,
        kind="end_user_restriction",
        effective_from=datetime.date(2025, 1, 15),
    )
    for measure, element in ((licensing, dy), (licensing, tb), (technology, dy)):
        ElementControlFactory(measure=measure, element=element)
    EntityRestrictionFactory(measure=entity_list, entity=listed)
    return Measures(licensing, technology, suspension, entity_list, mofcom, bis, listed)


class TestControlMeasureFilters(FilterTests):
    basename = "control-measure"

    def test_authority(self, measures: Measures) -> None:
        self.assert_finds({"authority": measures.bis.pk}, measures.entity_list)
        self.assert_refused({"authority": 999_999_999}, "authority")
        self.assert_refused({"authority": "mofcom"}, "authority")

    def test_authority_country(self, measures: Measures) -> None:
        self.assert_finds(
            {"authority_country": "CN"},
            measures.licensing,
            measures.technology,
            measures.suspension,
        )
        self.assert_finds({"authority_country": "JP"})
        self.assert_refused({"authority_country": "China"}, "authority_country")

    def test_element(self, measures: Measures) -> None:
        self.assert_finds({"element": "Dy"}, measures.licensing, measures.technology)
        self.assert_finds(
            [("element", "Tb"), ("element", "Dy")], measures.licensing, measures.technology
        )
        self.assert_refused({"element": "Xx"}, "element")

    def test_entity(self, measures: Measures) -> None:
        self.assert_finds({"entity": measures.listed.pk}, measures.entity_list)
        self.assert_finds({"entity": measures.bis.pk})
        self.assert_refused({"entity": 999_999_999}, "entity")
        self.assert_refused({"entity": f"{measures.listed.pk}.5"}, "entity")

    def test_kind(self, measures: Measures) -> None:
        self.assert_finds({"kind": "suspension"}, measures.suspension)
        self.assert_refused({"kind": "tariff"}, "kind")

    def test_in_force_on(self, measures: Measures) -> None:
        self.assert_finds({"in_force_on": "2025-04-03"}, measures.entity_list)
        self.assert_finds(
            {"in_force_on": "2025-10-09"},
            measures.licensing,
            measures.technology,
            measures.entity_list,
        )
        # The suspension is in force, so the measure it suspends is not.
        self.assert_finds(
            {"in_force_on": "2026-01-01"},
            measures.licensing,
            measures.suspension,
            measures.entity_list,
        )
        # The suspension's last day counts; the day after, the suspended measure is back.
        self.assert_finds(
            {"in_force_on": "2026-11-10"},
            measures.licensing,
            measures.suspension,
            measures.entity_list,
        )
        self.assert_finds(
            {"in_force_on": "2026-11-11"},
            measures.licensing,
            measures.technology,
            measures.entity_list,
        )
        self.assert_refused({"in_force_on": "2026-11-31"}, "in_force_on")
        self.assert_refused({"in_force_on": "11/11/2026"}, "in_force_on")  # not ISO

    def test_q(self, measures: Measures) -> None:
        self.assert_finds({"q": "announcement no. 61"}, measures.technology)
        self.assert_finds({"q": "ENTITY LIST"}, measures.entity_list)

    def test_ordering(self, measures: Measures) -> None:
        assert self.ordered_ids({"ordering": "effective_from"}) == [
            measures.entity_list.pk,
            measures.licensing.pk,
            measures.technology.pk,
            measures.suspension.pk,
        ]
        self.assert_refused({"ordering": "title"}, "ordering")
