"""The deposits and resource-estimates endpoints.

Deposits: elements as symbols, citations, read-only nested estimates, GeoJSON. Estimates:
several deposits per figure, ``quantity_tonnes`` computed and read-only.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from rest_framework.test import APIClient

from apps.core.testing import (
    BadInput,
    WritableResourceTests,
    assert_error,
    assert_unchanged,
)
from apps.deposits.models import Deposit, ResourceEstimate
from apps.elements.models import Element
from apps.entities.models import Entity
from tests.factories import (
    DepositCitationFactory,
    DepositFactory,
    ElementFactory,
    EntityFactory,
    ResourceEstimateCitationFactory,
    ResourceEstimateFactory,
    SourceFactory,
)


def element(symbol: str) -> Element:
    return ElementFactory(symbol=symbol)


def irel() -> Entity:
    return EntityFactory(
        slug="indian-rare-earths-limited",
        name="IREL (India) Limited",
        kind="state_owned_enterprise",
        country="IN",
    )


def rajasthan_deposit() -> Deposit:
    """A deposit with everything filled: elements, operator, coordinates, a citation, and an
    estimate with its own citation (so every prefetch of the list has rows to fetch)."""
    deposit = DepositFactory(
        elements=[element("Nd"), element("Dy")],
        operator=irel(),
        locality="Siwana ring complex, Balotra district",
        latitude=Decimal("25.650000"),
        longitude=Decimal("72.420000"),
        announced_on="2026-01-28",
    )
    DepositCitationFactory(deposit=deposit, confidence="reported", note="Reported by wire.")
    estimate = ResourceEstimateFactory(deposits=[deposit])
    ResourceEstimateCitationFactory(estimate=estimate, confidence="reported")
    return deposit


class TestDepositAPI(WritableResourceTests[Deposit]):
    basename = "deposit"
    model = Deposit
    fields = (
        "id",
        "url",
        "slug",
        "name",
        "country",
        "region",
        "locality",
        "latitude",
        "longitude",
        "deposit_type",
        "status",
        "elements",
        "operator",
        "announced_on",
        "description",
        "estimates",
        "citations",
        "created_at",
        "updated_at",
    )
    brief_fields = ("id", "url", "name")
    shaping_fields = ("id", "elements")
    omit_field = "estimates"
    # the dataset version (response cache), count, page, elements, citations, estimates,
    # their deposits, their citations
    list_queries = 8
    csv_examples = {"elements": "Nd;Dy", "region": "IN-RJ", "latitude": "25.650000"}

    def make_object(self) -> Deposit:
        return rajasthan_deposit()

    def make_deletable_object(self) -> Deposit:
        deposit = DepositFactory()
        deposit.elements.set([element("Dy")])
        return deposit

    def make_referenced_object(self) -> Deposit:
        """Deleting it would leave its estimate covering no deposit (apps/core/deletion.py)."""
        return rajasthan_deposit()

    def create_data(self) -> dict[str, Any]:
        source = SourceFactory()
        return {
            "slug": "bayan-obo",
            "name": "Bayan Obō",
            "country": "CN",
            "region": "CN-NM",
            "locality": "Baotou",
            "latitude": "41.783300",
            "longitude": "109.966700",
            "deposit_type": "carbonatite",
            "status": "producing",
            "elements": [element(symbol).symbol for symbol in ("La", "Ce", "Nd")],
            "operator": irel().pk,
            "announced_on": None,
            "description": "The largest rare-earth mine in the world.",
            "citations": [
                {"source": source.pk, "confidence": "reported", "note": "Named in the report."}
            ],
        }

    def update_data(self, obj: Deposit) -> dict[str, Any]:
        return {
            "slug": obj.slug,
            "name": "Chhatrapur beach-sand placer",
            "country": "IN",
            "region": "IN-OD",
            "locality": "Ganjam district",
            "latitude": None,
            "longitude": None,
            "deposit_type": "placer",
            "status": "producing",
            "elements": [element("Nd").symbol],
            "operator": None,
            "announced_on": "2025-12-01",
            "description": "Monazite in beach sands.",
            "citations": [],
        }

    def partial_update_data(self, obj: Deposit) -> dict[str, Any]:
        return {"status": "exploration", "elements": [element("Tb").symbol, "Dy"]}

    bad_inputs = (
        BadInput({"country": "XX"}, "country", "country-unknown"),
        BadInput({"region": "IN-XX"}, "region", "region-unknown"),
        BadInput({"region": "JP-13"}, "region", "region-of-another-country"),
        BadInput({"latitude": "91"}, "latitude", "latitude-above-90"),
        BadInput({"longitude": "-180.5"}, "longitude", "longitude-below-minus-180"),
        BadInput({"latitude": "north"}, "latitude", "latitude-not-a-number"),
        BadInput({"longitude": None}, "longitude", "latitude-without-longitude"),
        BadInput({"deposit_type": "volcano"}, "deposit_type", "deposit_type-unknown"),
        BadInput({"status": "dreaming"}, "status", "status-unknown"),
        BadInput({"elements": ["Xx"]}, "elements", "elements-unknown-symbol"),
        BadInput({"elements": ["nd"]}, "elements", "elements-symbol-case"),
        BadInput({"elements": [60]}, "elements", "elements-not-a-symbol"),
        BadInput({"operator": 999_999_999}, "operator", "operator-missing"),
        BadInput({"name": ""}, "name", "name-blank"),
        BadInput(
            {"citations": [{"source": 999_999_999, "confidence": "reported"}]},
            "citations.0.source",
        ),
        BadInput(
            lambda body: {"citations": [{**body["citations"][0], "confidence": "certain"}]},
            "citations.0.confidence",
        ),
        BadInput(
            lambda body: {"citations": [body["citations"][0], {"confidence": "reported"}]},
            "citations.1.source",
            "citations.1.source-missing",
        ),
    )

    # --- deposits only -----------------------------------------------------------------------

    def test_representation_of_relations(self, anon: APIClient) -> None:
        deposit = self.make_object()
        body = anon.get(self.detail_url(deposit)).json()
        assert body["elements"] == ["Nd", "Dy"]  # symbols, in atomic-number order
        assert body["operator"] == deposit.operator_id
        citation = deposit.citations.get()
        assert body["citations"] == [
            {"source": citation.source_id, "confidence": "reported", "note": "Reported by wire."}
        ]
        estimate = deposit.estimates.get()
        assert body["estimates"][0]["id"] == estimate.pk
        assert body["estimates"][0]["deposits"] == [deposit.pk]
        assert body["estimates"][0]["quantity_tonnes"] == "1290000.0000"

    def test_nested_estimates_are_read_only(self, curator_api: APIClient) -> None:
        deposit = self.make_object()
        estimates = ResourceEstimate.objects.count()
        response = curator_api.patch(
            self.detail_url(deposit),
            {"estimates": [{"quantity": "5", "unit": "t"}], "description": "x"},
            format="json",
        )
        assert response.status_code == 200
        assert ResourceEstimate.objects.count() == estimates
        assert [e["id"] for e in response.json()["estimates"]] == [deposit.estimates.get().pk]

    def test_invalid_second_citation_changes_nothing(self, curator_api: APIClient) -> None:
        """A PATCH is all or nothing: a valid first citation and a bad second one leave the
        name and the stored citations as they were."""
        deposit = self.make_object()
        source = SourceFactory()
        before = self.snapshot(curator_api, deposit)
        response = curator_api.patch(
            self.detail_url(deposit),
            {
                "name": "Renamed",
                "citations": [
                    {"source": source.pk, "confidence": "official", "note": "valid"},
                    {"source": 999_999_999, "confidence": "official", "note": "no such source"},
                ],
            },
            format="json",
        )
        assert_error(response, 400, "citations.1.source")
        assert_unchanged(before, self.snapshot(curator_api, deposit))

    def test_geojson(self, anon: APIClient) -> None:
        located = self.make_object()
        DepositFactory(name="Unlocated deposit")
        response = anon.get(self.list_url({"format": "geojson"}))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/geo+json")
        body = json.loads(response.content)
        assert body["type"] == "FeatureCollection"
        assert body["excluded_without_coordinates"] == 1
        assert body["count"] == 2
        [feature] = body["features"]
        assert feature["type"] == "Feature"
        assert feature["id"] == located.pk
        assert feature["geometry"] == {"type": "Point", "coordinates": [72.42, 25.65]}
        assert feature["properties"]["name"] == located.name

    def test_geojson_with_fields_keeps_the_geometry(self, anon: APIClient) -> None:
        self.make_object()
        response = anon.get(self.list_url({"format": "geojson", "fields": "id,name"}))
        body = json.loads(response.content)
        assert body["excluded_without_coordinates"] == 0
        assert len(body["features"]) == 1
        assert set(body["features"][0]["properties"]) == {"id", "name"}
        for shaping in ({"omit": "latitude,longitude"}, {"brief": "true"}, {"fields": "name"}):
            body = json.loads(anon.get(self.list_url({"format": "geojson", **shaping})).content)
            [feature] = body["features"]
            assert len(feature["geometry"]["coordinates"]) == 2, shaping
            assert not {"latitude", "longitude"} & set(feature["properties"]), shaping
        assert "id" not in feature  # not asked for: RFC 7946 makes a feature's id optional

    def test_geojson_only_on_deposits(self, anon: APIClient) -> None:
        assert_error(anon.get("/api/v1/sources/?format=geojson"), 400, "format")


class TestResourceEstimateAPI(WritableResourceTests[ResourceEstimate]):
    basename = "resource-estimate"
    model = ResourceEstimate
    fields = (
        "id",
        "url",
        "slug",
        "deposits",
        "quantity",
        "unit",
        "quantity_tonnes",
        "material",
        "grade_percent",
        "category",
        "as_of",
        "source",
        "citations",
        "created_at",
        "updated_at",
    )
    brief_fields = ("id", "url", "slug")
    shaping_fields = ("id", "quantity_tonnes")
    omit_field = "citations"
    list_queries = 5  # version, count, page, deposits, citations
    csv_examples = {"quantity_tonnes": "1290000.0000", "unit": "Mt", "material": "REO"}

    def make_object(self) -> ResourceEstimate:
        first, second = DepositFactory(), DepositFactory()
        estimate = ResourceEstimateFactory(deposits=[first, second], grade_percent="2.5")
        ResourceEstimateCitationFactory(estimate=estimate, confidence="estimated")
        return estimate

    def create_data(self) -> dict[str, Any]:
        first, second = DepositFactory(), DepositFactory()
        return {
            "slug": "rajasthan-hard-rock-2026",
            "deposits": [first.pk, second.pk],
            "quantity": "1.29",
            "unit": "Mt",
            "material": "REO",
            "grade_percent": None,
            "category": "unclassified",
            "as_of": "2026-01-28",
            "source": SourceFactory().pk,
            "citations": [
                {"source": SourceFactory().pk, "confidence": "reported", "note": "In total."}
            ],
        }

    def update_data(self, obj: ResourceEstimate) -> dict[str, Any]:
        return {
            "slug": obj.slug,
            "deposits": [DepositFactory().pk],
            "quantity": "450",
            "unit": "kt",
            "material": "TREO",
            "grade_percent": "1.8",
            "category": "inferred",
            "as_of": "2025-06-30",
            "source": obj.source_id,
            "citations": [],
        }

    def partial_update_data(self, obj: ResourceEstimate) -> dict[str, Any]:
        return {"category": "indicated", "grade_percent": "3.1"}

    bad_inputs = (
        BadInput({"deposits": []}, "deposits", "deposits-empty"),
        BadInput({"deposits": [999_999_999]}, "deposits", "deposits-missing"),
        BadInput({"quantity": "0"}, "quantity", "quantity-zero"),
        BadInput({"quantity": "-1.5"}, "quantity", "quantity-negative"),
        BadInput({"quantity": "lots"}, "quantity", "quantity-not-a-number"),
        BadInput({"unit": "lb"}, "unit", "unit-unknown"),
        BadInput({"unit": "mt"}, "unit", "unit-case"),
        BadInput({"material": "gold"}, "material", "material-unknown"),
        BadInput({"grade_percent": "100.5"}, "grade_percent", "grade-above-100"),
        BadInput({"grade_percent": "-1"}, "grade_percent", "grade-negative"),
        BadInput({"category": "guess"}, "category", "category-unknown"),
        BadInput({"as_of": "yesterday"}, "as_of", "as_of-invalid"),
        BadInput({"source": 999_999_999}, "source", "source-missing"),
        BadInput({"source": None}, "source", "source-null"),
        BadInput(
            {"citations": [{"source": 999_999_999, "confidence": "reported"}]},
            "citations.0.source",
        ),
    )

    # --- estimates only ----------------------------------------------------------------------

    def test_quantity_in_tonnes_is_computed(self, curator_api: APIClient) -> None:
        created = curator_api.post(self.list_url(), self.create_data(), format="json").json()
        assert created["quantity"] == "1.2900"
        assert created["quantity_tonnes"] == "1290000.0000"
        changed = curator_api.patch(created["url"], {"unit": "kt"}, format="json").json()
        assert changed["quantity_tonnes"] == "1290.0000"

    def test_quantity_in_tonnes_is_read_only(self, curator_api: APIClient) -> None:
        body = {**self.create_data(), "quantity_tonnes": "5"}
        created = curator_api.post(self.list_url(), body, format="json").json()
        assert created["quantity_tonnes"] == "1290000.0000"
        changed = curator_api.patch(created["url"], {"quantity_tonnes": "7"}, format="json")
        assert changed.status_code == 200
        assert changed.json()["quantity_tonnes"] == "1290000.0000"

    def test_one_estimate_covers_several_deposits(self, anon: APIClient) -> None:
        estimate = self.make_object()
        body = anon.get(self.detail_url(estimate)).json()
        assert sorted(body["deposits"]) == sorted(estimate.deposits.values_list("pk", flat=True))
        assert len(body["deposits"]) == 2
        for deposit_id in body["deposits"]:
            nested = anon.get(f"/api/v1/deposits/{deposit_id}/").json()["estimates"]
            assert [e["id"] for e in nested] == [estimate.pk]
