"""The elements endpoint: the periodic table, read-only, looked up by case-sensitive symbol."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from apps.core.testing import ReadOnlyResourceTests, assert_error, database_state
from apps.elements.models import Element
from tests.factories import ElementCitationFactory, ElementFactory


class TestElementAPI(ReadOnlyResourceTests[Element]):
    basename = "element"
    model = Element
    lookup_field = "symbol"
    missing_lookup = "Xx"
    fields = (
        "id",
        "url",
        "symbol",
        "name",
        "atomic_number",
        "is_rare_earth",
        "ree_group",
        "applications",
        "citations",
        "created_at",
        "updated_at",
    )
    brief_fields = ("id", "url", "name")
    shaping_fields = ("id", "atomic_number")
    omit_field = "citations"
    list_queries = 4  # version, count, page, citations
    csv_examples = {
        "id": "Dy",
        "is_rare_earth": "true",
        "ree_group": "heavy",
        "applications": "NdFeB permanent magnets;control rods",
    }

    def make_object(self) -> Element:
        if not Element.objects.filter(symbol="Dy").exists():
            element = ElementFactory(
                symbol="Dy", applications=["NdFeB permanent magnets", "control rods"]
            )
        else:
            element = ElementFactory(applications=["catalysts"])
        ElementCitationFactory(element=element, confidence="official", note="Listed by USGS.")
        return element

    def test_id_is_the_symbol(self, anon: APIClient) -> None:
        element = self.make_object()
        body = anon.get(self.detail_url(element)).json()
        assert body["id"] == body["symbol"] == "Dy"
        assert body["url"] == "http://testserver/api/v1/elements/Dy/"
        assert body["citations"] == [
            {
                "source": element.citations.get().source_id,
                "confidence": "official",
                "note": "Listed by USGS.",
            }
        ]

    def test_symbol_lookup_is_case_sensitive(self, anon: APIClient) -> None:
        self.make_object()
        assert anon.get("/api/v1/elements/Dy/").status_code == 200
        assert_error(anon.get("/api/v1/elements/dy/"), 404)
        assert_error(anon.get("/api/v1/elements/DY/"), 404)

    @pytest.mark.parametrize("who", ["anonymous", "curator"])
    def test_writes_are_405_whoever_asks(
        self, anon: APIClient, curator_api: APIClient, who: str
    ) -> None:
        client = anon if who == "anonymous" else curator_api
        element = self.make_object()
        before = database_state()
        assert_error(client.post(self.list_url(), {"symbol": "Zz"}, format="json"), 405)
        assert_error(client.patch(self.detail_url(element), {"name": "x"}, format="json"), 405)
        assert_error(client.delete(self.detail_url(element)), 405)
        assert database_state() == before
