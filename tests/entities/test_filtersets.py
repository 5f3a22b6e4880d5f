"""Entity filters: country, kind, parent, ``q`` over names and aliases, ``restricted`` +
``as_of``, ordering and ``updated_since``; each with its happy path and its 400s."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from apps.core.testing import FilterTests
from apps.entities.models import Entity
from tests.factories import (
    ControlMeasureFactory,
    EntityAliasFactory,
    EntityFactory,
    EntityRestrictionFactory,
)


@dataclass
class Entities:
    japan: Entity
    jogmec: Entity
    india: Entity
    irel: Entity
    listed_group: Entity
    listed_subsidiary: Entity

    def all(self) -> list[Entity]:
        return [
            self.japan,
            self.jogmec,
            self.india,
            self.irel,
            self.listed_group,
            self.listed_subsidiary,
        ]


@pytest.fixture
def entities(db: None) -> Entities:
    japan = EntityFactory(slug="government-of-japan", name="Government of Japan", kind="state")
    jogmec = EntityFactory(
        slug="jogmec",
        name="Japan Organization for Metals and Energy Security",
        kind="government_body",
        parent=japan,
    )
    EntityAliasFactory(entity=jogmec, name="JOGMEC", kind="abbreviation")
    EntityAliasFactory(entity=jogmec, name="Kinzoku Kōgyō Jigyōdan", kind="translation")
    india = EntityFactory(
        slug="government-of-india", name="Government of India", kind="state", country="IN"
    )
    irel = EntityFactory(
        slug="irel", name="IREL (India) Limited", kind="state_owned_enterprise", country="IN"
    )
    group = EntityFactory(slug="listed-group", name="Listed Group Corp.", country="US")
    subsidiary = EntityFactory(
        slug="listed-subsidiary", name="Listed Subsidiary LLC", country="US", parent=group
    )
    return Entities(japan, jogmec, india, irel, group, subsidiary)


class TestEntityFilters(FilterTests):
    basename = "entity"

    def test_country(self, entities: Entities) -> None:
        self.assert_finds({"country": "IN"}, entities.india, entities.irel)
        self.assert_refused({"country": "ZZ"}, "country")
        self.assert_refused({"country": "IND"}, "country")

    def test_kind(self, entities: Entities) -> None:
        self.assert_finds({"kind": "state"}, entities.japan, entities.india)
        self.assert_refused({"kind": "person"}, "kind")

    def test_parent(self, entities: Entities) -> None:
        self.assert_finds({"parent": entities.japan.pk}, entities.jogmec)
        self.assert_finds({"parent": entities.irel.pk})
        self.assert_refused({"parent": 999_999_999}, "parent")
        self.assert_refused({"parent": "japan"}, "parent")

    def test_q_finds_names_and_aliases(self, entities: Entities) -> None:
        self.assert_finds({"q": "jogmec"}, entities.jogmec)  # an abbreviation alias
        self.assert_finds({"q": "kinzoku kogyo"}, entities.jogmec)  # accents folded
        self.assert_finds({"q": "GOVERNMENT OF"}, entities.japan, entities.india)
        self.assert_finds({"q": "irel"}, entities.irel)
        self.assert_refused({"q": "x" * 201}, "q")

    def test_q_follows_alias_changes(self, entities: Entities) -> None:
        alias = EntityAliasFactory(entity=entities.irel, name="Indian Rare Earths")
        self.assert_finds({"q": "indian rare earths"}, entities.irel)
        alias.delete()
        self.assert_finds({"q": "indian rare earths"})

    def test_restricted_and_as_of(self, entities: Entities) -> None:
        measure = ControlMeasureFactory(
            kind="end_user_restriction",
            effective_from=datetime.date(2025, 10, 9),
            effective_to=datetime.date(2026, 12, 31),
        )
        EntityRestrictionFactory(measure=measure, entity=entities.listed_group)
        listed = (entities.listed_group, entities.listed_subsidiary)  # through the parent
        others = [e for e in entities.all() if e not in listed]
        self.assert_finds({"restricted": "true", "as_of": "2026-01-01"}, *listed)
        self.assert_finds(
            {"restricted": "false", "as_of": "2026-01-01"}, *others, measure.authority
        )
        self.assert_finds({"restricted": "true", "as_of": "2025-10-08"})
        self.assert_finds({"restricted": "true", "as_of": "2027-01-01"})
        self.assert_refused({"restricted": "true", "as_of": "2026-02-30"}, "as_of")

    def test_restricted_not_a_boolean_is_400(self, entities: Entities) -> None:
        self.assert_refused({"restricted": "perhaps"}, "restricted")

    def test_ordering(self, entities: Entities) -> None:
        by_name = sorted(entities.all(), key=lambda e: e.name)
        assert self.ordered_ids({"ordering": "name"}) == [e.pk for e in by_name]
        self.assert_refused({"ordering": "slug"}, "ordering")

    def test_updated_since(self, entities: Entities) -> None:
        old = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        Entity.objects.exclude(pk=entities.irel.pk).update(updated_at=old)
        self.assert_finds({"updated_since": "2026-02-01T00:00:00Z"}, entities.irel)
        self.assert_refused({"updated_since": "2026-02-01T25:00:00Z"}, "updated_since")
