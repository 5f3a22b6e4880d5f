"""The entities endpoint: states, agencies and companies, with aliases, parent and citations."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from apps.core.testing import (
    BadInput,
    WritableResourceTests,
    assert_error,
    database_state,
    error_attrs,
)
from apps.entities.models import Entity
from tests.factories import (
    DepositFactory,
    EntityAliasFactory,
    EntityCitationFactory,
    EntityFactory,
    SourceFactory,
)


def government_of_japan() -> Entity:
    return EntityFactory(
        slug="government-of-japan", name="Government of Japan", kind="state", country="JP"
    )


class TestEntityAPI(WritableResourceTests[Entity]):
    basename = "entity"
    model = Entity
    fields = (
        "id",
        "url",
        "slug",
        "name",
        "kind",
        "country",
        "parent",
        "end_user_category",
        "measures_verified_through",
        "website",
        "description",
        "aliases",
        "citations",
        "created_at",
        "updated_at",
    )
    brief_fields = ("id", "url", "name")
    shaping_fields = ("id", "name")
    omit_field = "aliases"
    list_queries = 5  # version, count, page, aliases, citations
    csv_examples = {"aliases": "JOGMEC;Kiko", "country": "JP"}

    def make_object(self) -> Entity:
        entity = EntityFactory(
            kind="government_body",
            parent=government_of_japan(),
            website="https://www.jogmec.go.jp/english/",
        )
        EntityAliasFactory(entity=entity, name="JOGMEC", kind="abbreviation")
        EntityAliasFactory(entity=entity, name="Kiko", kind="other")
        EntityCitationFactory(entity=entity, confidence="official")
        return entity

    def make_referenced_object(self) -> Entity:
        operator = self.make_object()
        DepositFactory(operator=operator)  # a deposit names it as operator (PROTECT)
        return operator

    def create_data(self) -> dict[str, Any]:
        source = SourceFactory()
        return {
            "slug": "japan-organization-for-metals-and-energy-security",
            "name": "Japan Organization for Metals and Energy Security",
            "kind": "government_body",
            "country": "JP",
            "parent": government_of_japan().pk,
            "end_user_category": "",
            "measures_verified_through": None,
            "website": "https://www.jogmec.go.jp/english/",
            "description": "Finances overseas rare-earth projects and stockpiles.",
            "aliases": [
                {"name": "JOGMEC", "kind": "abbreviation"},
                {"name": "Japan Oil, Gas and Metals National Corporation", "kind": "former"},
            ],
            "citations": [{"source": source.pk, "confidence": "official", "note": "Own site."}],
        }

    def update_data(self, obj: Entity) -> dict[str, Any]:
        return {
            "slug": obj.slug,
            "name": "Indian Rare Earths Limited",
            "kind": "state_owned_enterprise",
            "country": "IN",
            "parent": None,
            "end_user_category": "military",
            "measures_verified_through": "2026-03-04",
            "website": "https://www.irel.co.in/",
            "description": "Mines beach-sand placers in Odisha and Kerala.",
            "aliases": [{"name": "IREL", "kind": "abbreviation"}],
            "citations": [],
        }

    def partial_update_data(self, obj: Entity) -> dict[str, Any]:
        return {"description": "Also runs a rare-earth stockpile.", "aliases": []}

    bad_inputs = (
        BadInput({"kind": "person"}, "kind", "kind-unknown"),
        BadInput({"country": "XX"}, "country", "country-unknown"),
        BadInput({"country": "jp"}, "country", "country-lower-case"),
        BadInput({"end_user_category": "navy"}, "end_user_category", "end_user_category-unknown"),
        BadInput({"measures_verified_through": "soon"}, "measures_verified_through"),
        BadInput({"parent": 999_999_999}, "parent", "parent-missing"),
        BadInput({"website": "jogmec"}, "website", "website-invalid"),
        BadInput({"slug": ""}, "slug", "slug-blank"),
        BadInput({"aliases": [{"name": "", "kind": "abbreviation"}]}, "aliases.0.name"),
        BadInput({"aliases": [{"name": "J", "kind": "nickname"}]}, "aliases.0.kind"),
        BadInput(
            {"citations": [{"source": 999_999_999, "confidence": "official"}]},
            "citations.0.source",
        ),
        BadInput(
            lambda body: {"citations": [{**body["citations"][0], "confidence": "certain"}]},
            "citations.0.confidence",
        ),
    )

    # --- entities only ---------------------------------------------------------------------

    def test_parent_cannot_be_the_entity_or_its_descendant(self, curator_api: APIClient) -> None:
        parent = self.make_object()
        child = EntityFactory(parent=parent)
        for target, new_parent in ((parent, parent), (parent, child)):
            before = database_state()
            response = curator_api.patch(
                self.detail_url(target), {"parent": new_parent.pk}, format="json"
            )
            assert_error(response, 400, "parent")
            assert database_state() == before

    def test_aliases_are_replaced_as_a_whole(self, curator_api: APIClient) -> None:
        entity = self.make_object()
        response = curator_api.patch(
            self.detail_url(entity),
            {"aliases": [{"name": "JOGMEC", "kind": "abbreviation"}]},
            format="json",
        )
        assert response.status_code == 200
        assert response.json()["aliases"] == [{"name": "JOGMEC", "kind": "abbreviation"}]
        assert list(entity.aliases.values_list("name", flat=True)) == ["JOGMEC"]

    def test_duplicate_alias_changes_nothing(self, curator_api: APIClient) -> None:
        """The second alias fails only when written (a unique constraint): the first one, and
        the removal of the old aliases, must be rolled back with it."""
        entity = self.make_object()
        before = curator_api.get(self.detail_url(entity)).json()
        state = database_state()
        aliases = [{"name": "IREL", "kind": "abbreviation"}, {"name": "IREL", "kind": "other"}]
        response = curator_api.patch(
            self.detail_url(entity), {"name": "Renamed", "aliases": aliases}, format="json"
        )
        assert_error(response, 400)
        assert curator_api.get(self.detail_url(entity)).json() == before
        assert database_state() == state

    def test_duplicate_alias_names_the_alias(self, curator_api: APIClient) -> None:
        entity = self.make_object()
        aliases = [{"name": "IREL", "kind": "abbreviation"}, {"name": "IREL", "kind": "other"}]
        response = curator_api.patch(self.detail_url(entity), {"aliases": aliases}, format="json")
        assert_error(response, 400)
        assert any((attr or "").startswith("aliases.1") for attr in error_attrs(response))
