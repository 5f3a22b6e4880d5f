"""The control-measures endpoint: controlled elements, restricted entities (with their own
citations) and suspensions, all written with the measure in one request."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from apps.controls.models import ControlMeasure
from apps.core.testing import (
    BadInput,
    WritableResourceTests,
    assert_error,
    assert_unchanged,
    database_state,
)
from apps.entities.models import Entity
from tests.factories import (
    ControlMeasureCitationFactory,
    ControlMeasureFactory,
    ElementControlFactory,
    ElementFactory,
    EntityFactory,
    EntityRestrictionCitationFactory,
    EntityRestrictionFactory,
    SourceFactory,
)


def mofcom() -> Entity:
    return EntityFactory(
        slug="mofcom",
        name="Ministry of Commerce of the People's Republic of China",
        kind="government_body",
        country="CN",
    )


class TestControlMeasureAPI(WritableResourceTests[ControlMeasure]):
    basename = "control-measure"
    model = ControlMeasure
    fields = (
        "id",
        "url",
        "slug",
        "reference",
        "title",
        "authority",
        "kind",
        "announced_on",
        "effective_from",
        "effective_from_confidence",
        "effective_to",
        "suspends",
        "suspended_clauses",
        "summary",
        "controlled_elements",
        "restricted_entities",
        "restricted_categories",
        "citations",
        "created_at",
        "updated_at",
    )
    brief_fields = ("id", "url", "reference")
    shaping_fields = ("id", "reference")
    omit_field = "restricted_entities"
    # the dataset version (response cache), count, page, suspends, suspended clauses,
    # controlled elements, restricted entities (joined with their entities), their citations,
    # restricted categories, citations
    list_queries = 10
    csv_examples = {"controlled_elements": "Tb;Dy", "kind": "export_licensing"}

    def make_object(self) -> ControlMeasure:
        measure = ControlMeasureFactory(authority=mofcom())
        suspension = ControlMeasureFactory(suspension=True, suspends=[measure])
        ControlMeasureFactory(suspension=True, suspends=[suspension])  # suspends the suspension
        for symbol in ("Tb", "Dy"):
            ElementControlFactory(measure=measure, element=ElementFactory(symbol=symbol))
        restriction = EntityRestrictionFactory(measure=measure, note="End user in the list.")
        EntityRestrictionCitationFactory(restriction=restriction)
        ControlMeasureCitationFactory(measure=measure, confidence="official")
        return measure

    def make_deletable_object(self) -> ControlMeasure:
        measure = ControlMeasureFactory(authority=mofcom())
        ElementControlFactory(measure=measure, element=ElementFactory(symbol="Dy"))
        return measure

    def make_referenced_object(self) -> ControlMeasure:
        """A suspension suspends it: deleting it would leave the suspension suspending nothing
        (apps/core/deletion.py)."""
        return self.make_object()

    def create_data(self) -> dict[str, Any]:
        source = SourceFactory()
        restricted = EntityFactory(name="Example Defence Electronics Co., Ltd.", country="US")
        return {
            "slug": "mofcom-gac-announcement-18-2025",
            "reference": "MOFCOM and GAC Announcement No. 18 of 2025",
            "title": "Export controls on seven medium and heavy rare earths",
            "authority": mofcom().pk,
            "kind": "export_licensing",
            "announced_on": "2025-04-04",
            "effective_from": "2025-04-04",
            "effective_to": None,
            "suspends": [],
            "summary": "Licences needed for Sm, Gd, Tb, Dy, Lu, Sc and Y items.",
            "controlled_elements": [
                {
                    "element": ElementFactory(symbol="Tb").symbol,
                    "scope": "metal; alloys; oxides; compounds",
                    "note": "",
                },
                {"element": ElementFactory(symbol="Dy").symbol, "scope": "metal", "note": ""},
                {
                    "element": None,
                    "item": "Superhard materials",
                    "clause": "2",
                    "scope": "",
                    "note": "Not an element.",
                },
            ],
            "restricted_categories": [
                {
                    "clause": "1",
                    "destination_country": "US",
                    "end_user_category": "military",
                    "end_use": "",
                    "note": "Military end users in the US.",
                }
            ],
            "restricted_entities": [
                {
                    "entity": restricted.pk,
                    "note": "Listed as an end user.",
                    "citations": [{"source": source.pk, "confidence": "official", "note": ""}],
                }
            ],
            "citations": [{"source": source.pk, "confidence": "official", "note": "Text read."}],
        }

    def update_data(self, obj: ControlMeasure) -> dict[str, Any]:
        return {
            "slug": obj.slug,
            "reference": "MOFCOM Announcement No. 61 of 2025",
            "title": "Export controls on rare-earth technologies",
            "authority": mofcom().pk,
            "kind": "export_ban",
            "announced_on": "2025-10-09",
            "effective_from": "2025-10-09",
            "effective_to": "2026-11-10",
            "suspends": [],
            "summary": "",
            "controlled_elements": [{"element": ElementFactory(symbol="Sm").symbol}],
            "restricted_entities": [],
            "citations": [],
        }

    def partial_update_data(self, obj: ControlMeasure) -> dict[str, Any]:
        return {"effective_to": "2026-11-10", "summary": "Suspended for a year from 10 Nov."}

    bad_inputs = (
        BadInput({"kind": "tariff"}, "kind", "kind-unknown"),
        BadInput({"kind": "suspension"}, "suspends", "suspension-without-suspends"),
        BadInput({"suspends": [999_999_999]}, "suspends", "suspends-missing"),
        BadInput({"authority": 999_999_999}, "authority", "authority-missing"),
        BadInput({"authority": None}, "authority", "authority-null"),
        BadInput({"reference": ""}, "reference", "reference-blank"),
        BadInput({"effective_from": None}, "effective_from", "effective_from-null"),
        BadInput(
            {"effective_from": "2025-04-04", "effective_to": "2025-04-03"},
            "effective_to",
            "effective_to-before-from",
        ),
        BadInput({"controlled_elements": [{"element": "Xx"}]}, "controlled_elements.0.element"),
        BadInput(
            {"controlled_elements": [{"element": "Dy", "scope": "x" * 501}]},
            "controlled_elements.0.scope",
        ),
        BadInput(
            {"restricted_entities": [{"entity": 999_999_999}]}, "restricted_entities.0.entity"
        ),
        BadInput({"controlled_elements": [{"scope": "metal"}]}, "controlled_elements.0"),
        BadInput(
            {"restricted_categories": [{"end_user_category": "navy"}]},
            "restricted_categories.0.end_user_category",
        ),
        BadInput(
            {"restricted_categories": [{"destination_country": "XX"}]},
            "restricted_categories.0.destination_country",
        ),
        BadInput({"restricted_categories": [{"note": "no category"}]}, "restricted_categories.0"),
        BadInput({"effective_from_confidence": "sure"}, "effective_from_confidence"),
        BadInput(
            {"suspended_clauses": [{"measure": 999_999_999, "clause": "2"}]},
            "suspended_clauses.0.measure",
        ),
        BadInput(
            lambda body: {
                "restricted_entities": [
                    {
                        **body["restricted_entities"][0],
                        "citations": [{"source": 999_999_999, "confidence": "official"}],
                    }
                ]
            },
            "restricted_entities.0.citations.0.source",
        ),
        BadInput(
            {"citations": [{"source": 999_999_999, "confidence": "official"}]},
            "citations.0.source",
        ),
    )

    # --- control measures only ------------------------------------------------------------

    def test_nested_parts_are_read_back(self, curator_api: APIClient) -> None:
        body = self.create_data()
        created = curator_api.post(self.list_url(), body, format="json").json()
        [restricted] = created["restricted_entities"]
        assert restricted["name"] == "Example Defence Electronics Co., Ltd."
        assert restricted["citations"] == body["restricted_entities"][0]["citations"]
        assert [c["element"] for c in created["controlled_elements"]] == ["Tb", "Dy", None]
        assert created["controlled_elements"][2]["item"] == "Superhard materials"

    def test_suspension_names_what_it_suspends(self, curator_api: APIClient) -> None:
        measure = self.make_object()
        body = {
            **self.create_data(),
            "slug": "mofcom-suspension-2025",
            "reference": "MOFCOM Announcement No. 70 of 2025",
            "kind": "suspension",
            "suspends": [measure.pk],
            "controlled_elements": [],
            "restricted_entities": [],
        }
        response = curator_api.post(self.list_url(), body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["suspends"] == [measure.pk]

    def test_a_clause_suspension_suspends_only_that_clause(self, curator_api: APIClient) -> None:
        measure = ControlMeasureFactory(authority=mofcom())
        ElementControlFactory(measure=measure, element=ElementFactory(symbol="Ga"), clause="2")
        body = {
            **self.create_data(),
            "slug": "mofcom-2025-72",
            "reference": "MOFCOM Announcement No. 72 of 2025",
            "kind": "suspension",
            "suspends": [measure.pk],
            "suspended_clauses": [{"measure": measure.pk, "clause": "2"}],
            "controlled_elements": [],
            "restricted_entities": [],
            "restricted_categories": [],
        }
        response = curator_api.post(self.list_url(), body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["suspended_clauses"] == [{"measure": measure.pk, "clause": "2"}]

    def test_suspending_a_clause_the_measure_does_not_have_is_400(
        self, curator_api: APIClient
    ) -> None:
        measure = ControlMeasureFactory(authority=mofcom())
        ElementControlFactory(measure=measure, element=ElementFactory(symbol="Ga"), clause="2")
        body = {
            **self.create_data(),
            "kind": "suspension",
            "suspends": [measure.pk],
            "suspended_clauses": [{"measure": measure.pk, "clause": "3"}],
        }
        before = database_state()
        response = curator_api.post(self.list_url(), body, format="json")
        assert_error(response, 400, "suspended_clauses.0.clause")
        assert "has no clause '3'" in str(response.json())
        assert_unchanged(before, database_state())

    def test_only_a_suspension_suspends(self, curator_api: APIClient) -> None:
        measure = self.make_object()
        body = {**self.create_data(), "kind": "export_ban", "suspends": [measure.pk]}
        before = database_state()
        assert_error(curator_api.post(self.list_url(), body, format="json"), 400, "suspends")
        assert_unchanged(before, database_state())

    def test_a_measure_cannot_suspend_itself(self, curator_api: APIClient) -> None:
        self.make_object()
        suspension = ControlMeasure.objects.filter(kind="suspension").first()
        assert suspension is not None
        before = self.snapshot(curator_api, suspension)
        response = curator_api.patch(
            self.detail_url(suspension), {"suspends": [suspension.pk]}, format="json"
        )
        assert_error(response, 400, "suspends")
        assert_unchanged(before, self.snapshot(curator_api, suspension))

    def test_dropping_suspends_of_a_suspension_is_400(self, curator_api: APIClient) -> None:
        """A PATCH is checked against what it keeps: emptying a suspension's list is refused."""
        self.make_object()
        suspension = ControlMeasure.objects.filter(kind="suspension").first()
        assert suspension is not None
        response = curator_api.patch(self.detail_url(suspension), {"suspends": []}, format="json")
        assert_error(response, 400, "suspends")
