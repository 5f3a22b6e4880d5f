"""The agreements endpoint: parties written as ``{entity, role}`` and read with the name."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from apps.agreements.models import Agreement
from apps.core.testing import (
    BadInput,
    WritableResourceTests,
    assert_error,
    assert_unchanged,
    database_state,
)
from apps.entities.models import Entity
from tests.factories import (
    AgreementCitationFactory,
    AgreementFactory,
    AgreementPartyFactory,
    DepositFactory,
    ElementFactory,
    EntityFactory,
    SourceFactory,
)


def government(country: str, name: str) -> Entity:
    return EntityFactory(
        slug=f"government-of-{name.lower()}",
        name=f"Government of {name}",
        kind="state",
        country=country,
    )


class TestAgreementAPI(WritableResourceTests[Agreement]):
    basename = "agreement"
    model = Agreement
    fields = (
        "id",
        "url",
        "slug",
        "title",
        "kind",
        "status",
        "signed_on",
        "effective_from",
        "effective_to",
        "parent",
        "elements",
        "deposits",
        "summary",
        "parties",
        "citations",
        "created_at",
        "updated_at",
    )
    brief_fields = ("id", "url", "title")
    shaping_fields = ("id", "parties")
    omit_field = "parties"
    # the dataset version (response cache), count, page, elements, deposits, parties (joined
    # with their entities), citations
    list_queries = 7
    csv_examples = {"elements": "Nd;Dy", "summary": ""}

    def make_object(self) -> Agreement:
        framework = AgreementFactory(
            slug="india-japan-economic-security-initiative",
            title="India-Japan Economic Security Initiative",
            kind="framework",
        )
        agreement = AgreementFactory(
            parent=framework,
            elements=[ElementFactory(symbol="Nd"), ElementFactory(symbol="Dy")],
            deposits=[DepositFactory()],
            effective_from="2025-09-01",
        )
        AgreementPartyFactory(agreement=agreement, entity=government("IN", "India"))
        AgreementPartyFactory(agreement=agreement, entity=government("JP", "Japan"))
        AgreementCitationFactory(agreement=agreement, confidence="officially_announced")
        return agreement

    def make_referenced_object(self) -> Agreement:
        framework = self.make_object()
        AgreementFactory(parent=framework)  # an arrangement under it (PROTECT)
        return framework

    def csv_expectations(self, obj: Agreement) -> dict[str, str]:
        india, japan = government("IN", "India"), government("JP", "Japan")
        return {**self.csv_examples, "parties": f"{india.pk};{japan.pk}"}

    def create_data(self) -> dict[str, Any]:
        return {
            "slug": "india-japan-rare-earth-memorandum-2026",
            "title": "Memorandum of cooperation on rare earths",
            "kind": "memorandum",
            "status": "signed",
            "signed_on": "2026-03-03",
            "effective_from": "2026-03-03",
            "effective_to": "2031-03-02",
            "parent": None,
            "elements": [ElementFactory(symbol="Nd").symbol, ElementFactory(symbol="Dy").symbol],
            "deposits": [DepositFactory().pk],
            "summary": "Joint exploration, processing and a stockpile of rare earths.",
            "parties": [
                {"entity": government("IN", "India").pk, "role": "signatory"},
                {"entity": government("JP", "Japan").pk, "role": "signatory"},
                {"entity": EntityFactory(country="JP").pk, "role": "financier"},
            ],
            "citations": [
                {"source": SourceFactory().pk, "confidence": "reported", "note": "Wire report."}
            ],
        }

    def update_data(self, obj: Agreement) -> dict[str, Any]:
        return {
            "slug": obj.slug,
            "title": "Rare-earth offtake agreement",
            "kind": "offtake",
            "status": "under_discussion",
            "signed_on": None,
            "effective_from": None,
            "effective_to": None,
            "parent": None,
            "elements": [],
            "deposits": [],
            "summary": "",
            "parties": [{"entity": government("JP", "Japan").pk, "role": "offtaker"}],
            "citations": [],
        }

    def partial_update_data(self, obj: Agreement) -> dict[str, Any]:
        return {"status": "in_force", "effective_to": "2030-12-31"}

    bad_inputs = (
        BadInput({"kind": "handshake"}, "kind", "kind-unknown"),
        BadInput({"status": "rumoured"}, "status", "status-unknown"),
        BadInput({"signed_on": "03/03/2026"}, "signed_on", "signed_on-invalid"),
        BadInput(
            {"effective_from": "2026-03-03", "effective_to": "2026-01-01"},
            "effective_to",
            "effective_to-before-from",
        ),
        BadInput({"parent": 999_999_999}, "parent", "parent-missing"),
        BadInput({"elements": ["Xx"]}, "elements", "elements-unknown"),
        BadInput({"deposits": [999_999_999]}, "deposits", "deposits-missing"),
        BadInput(
            {"parties": [{"entity": 999_999_999, "role": "signatory"}]},
            "parties.0.entity",
        ),
        BadInput(
            lambda body: {"parties": [{**body["parties"][0], "role": "friend"}]},
            "parties.0.role",
        ),
        BadInput(
            lambda body: {"parties": [body["parties"][0], {"role": "observer"}]},
            "parties.1.entity",
            "parties.1.entity-missing",
        ),
        BadInput(
            {"citations": [{"source": 999_999_999, "confidence": "reported"}]},
            "citations.0.source",
        ),
    )

    # --- agreements only ---------------------------------------------------------------------

    def test_parties_are_read_with_the_entity_name(self, curator_api: APIClient) -> None:
        body = self.create_data()
        created = curator_api.post(self.list_url(), body, format="json").json()
        india = Entity.objects.get(slug="government-of-india")
        assert created["parties"][0] == {
            "entity": india.pk,
            "name": "Government of India",
            "role": "signatory",
        }
        assert [p["role"] for p in created["parties"]] == ["signatory", "signatory", "financier"]

    def test_renaming_a_party_changes_the_agreement_etag(self, anon: APIClient) -> None:
        agreement = self.make_object()
        old = anon.get(self.detail_url(agreement))["ETag"]
        japan = Entity.objects.get(slug="government-of-japan")
        japan.name = "Japan"
        japan.save()
        response = anon.get(self.detail_url(agreement), HTTP_IF_NONE_MATCH=old)
        assert response.status_code == 200
        assert "Japan" in [p["name"] for p in response.json()["parties"]]

    def test_an_agreement_cannot_be_its_own_parent(self, curator_api: APIClient) -> None:
        agreement = self.make_object()
        before = self.snapshot(curator_api, agreement)
        response = curator_api.patch(
            self.detail_url(agreement), {"parent": agreement.pk}, format="json"
        )
        assert_error(response, 400, "parent")
        assert_unchanged(before, self.snapshot(curator_api, agreement))
        child = AgreementFactory(parent=agreement)
        response = curator_api.patch(
            self.detail_url(agreement), {"parent": child.pk}, format="json"
        )
        assert_error(response, 400, "parent")

    def test_duplicate_party_changes_nothing(self, curator_api: APIClient) -> None:
        agreement = self.make_object()
        japan = government("JP", "Japan").pk
        before = self.snapshot(curator_api, agreement)
        parties = [{"entity": japan, "role": "signatory"}, {"entity": japan, "role": "signatory"}]
        response = curator_api.patch(
            self.detail_url(agreement), {"parties": parties, "title": "New"}, format="json"
        )
        assert_error(response, 400)
        assert_unchanged(before, self.snapshot(curator_api, agreement))
        assert database_state() == before[0]
