"""Element filters: is_rare_earth, ree_group, q over symbol and name, ordering."""

from __future__ import annotations

import pytest

from apps.core.testing import FilterTests
from apps.elements.models import Element
from tests.factories import ElementFactory


@pytest.fixture
def elements(db: None) -> dict[str, Element]:
    return {symbol: ElementFactory(symbol=symbol) for symbol in ("Li", "Sc", "Y", "Nd", "Dy")}


class TestElementFilters(FilterTests):
    basename = "element"

    def test_is_rare_earth(self, elements: dict[str, Element]) -> None:
        rare_earths = [elements[s] for s in ("Sc", "Y", "Nd", "Dy")]
        self.assert_finds({"is_rare_earth": "true"}, *rare_earths)
        self.assert_finds({"is_rare_earth": "false"}, elements["Li"])
        self.assert_finds({"is_rare_earth": "TRUE"}, *rare_earths)
        self.assert_finds({"is_rare_earth": "1"}, *rare_earths)
        self.assert_finds({"is_rare_earth": "0"}, elements["Li"])
        self.assert_finds({"is_rare_earth": ""}, *elements.values())  # empty: no filter

    def test_is_rare_earth_not_a_boolean_is_400(self, elements: dict[str, Element]) -> None:
        self.assert_refused({"is_rare_earth": "perhaps"}, "is_rare_earth")
        self.assert_refused({"is_rare_earth": "-58800"}, "is_rare_earth")
        self.assert_refused({"is_rare_earth": "yes"}, "is_rare_earth")

    def test_ree_group(self, elements: dict[str, Element]) -> None:
        # USGS convention: Y heavy, Sc in neither group.
        self.assert_finds({"ree_group": "heavy"}, elements["Y"], elements["Dy"])
        self.assert_finds({"ree_group": "light"}, elements["Nd"])
        self.assert_refused({"ree_group": "medium"}, "ree_group")

    def test_q(self, elements: dict[str, Element]) -> None:
        self.assert_finds({"q": "DYSPROSIUM"}, elements["Dy"])
        self.assert_finds({"q": "NEODYM"}, elements["Nd"])
        self.assert_finds({"q": "Yttrium"}, elements["Y"])

    def test_ordering(self, elements: dict[str, Element]) -> None:
        assert self.ordered_ids({}) == ["Li", "Sc", "Y", "Nd", "Dy"]  # atomic number
        assert self.ordered_ids({"ordering": "symbol"}) == ["Dy", "Li", "Nd", "Sc", "Y"]
        assert self.ordered_ids({"ordering": "-atomic_number"})[0] == "Dy"
        self.assert_refused({"ordering": "is_rare_earth"}, "ordering")
