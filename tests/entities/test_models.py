"""Entity rules: known countries, unique slugs and aliases, no cycles in the group tree."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.entities.models import Entity
from tests.factories import EntityAliasFactory, EntityFactory

pytestmark = pytest.mark.django_db


def test_unknown_country_code_is_refused_naming_it() -> None:
    entity = EntityFactory.build(country="XX")

    with pytest.raises(ValidationError) as caught:
        entity.full_clean()

    assert caught.value.message_dict == {"country": ["Value 'XX' is not a valid choice."]}


def test_entity_without_country_is_accepted() -> None:
    EntityFactory.build(kind="international_organization", country=None).full_clean()


def test_duplicate_slug_is_refused() -> None:
    EntityFactory(slug="jaxa")
    duplicate = EntityFactory.build(slug="jaxa")

    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()

    assert caught.value.message_dict == {"slug": ["Entity with this Slug already exists."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_parent_and_child() -> None:
    government = EntityFactory(slug="government-of-japan", kind="state")
    agency = EntityFactory(slug="jaxa", kind="government_body", parent=government)

    assert list(government.children.all()) == [agency]


def test_entity_cannot_be_its_own_ancestor() -> None:
    group = EntityFactory(slug="ihi")
    subsidiary = EntityFactory(slug="ihi-aerospace", parent=group)
    group.parent = subsidiary

    with pytest.raises(ValidationError) as caught:
        group.full_clean()

    assert caught.value.message_dict == {
        "parent": ["An entity cannot be its own parent or ancestor."]
    }


def test_duplicate_alias_is_refused() -> None:
    alias = EntityAliasFactory(name="JAXA")
    duplicate = EntityAliasFactory.build(entity=alias.entity, name="JAXA")

    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()

    assert caught.value.messages == ["This entity already has this alias."]


def test_two_entities_may_share_an_alias() -> None:
    EntityAliasFactory(name="MHI")

    EntityAliasFactory.build(name="MHI", entity=EntityFactory()).full_clean()

    assert Entity.objects.count() == 2
