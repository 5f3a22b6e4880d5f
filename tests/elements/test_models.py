"""Element rules: atomic numbers 1..118, rare-earth groups only for rare earths."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.elements.models import Element
from tests.factories import ElementFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("atomic_number", [0, 119])
def test_atomic_number_outside_the_table_is_refused(atomic_number: int) -> None:
    element = ElementFactory.build(symbol="Xx", name="unknownium", atomic_number=atomic_number)

    with pytest.raises(ValidationError) as caught:
        element.full_clean()

    assert caught.value.message_dict == {
        "atomic_number": [
            f"The atomic number must be between 1 and 118; {atomic_number} is out of range."
        ]
    }


@pytest.mark.parametrize("atomic_number", [0, 119])
def test_atomic_number_outside_the_table_is_refused_by_the_database(atomic_number: int) -> None:
    ElementFactory(symbol="Og")

    with pytest.raises(IntegrityError), transaction.atomic():
        Element.objects.filter(symbol="Og").update(atomic_number=atomic_number)

    assert Element.objects.get(symbol="Og").atomic_number == 118


def test_ree_group_on_a_non_rare_earth_is_refused() -> None:
    iron = ElementFactory.build(symbol="Fe", ree_group="light")

    with pytest.raises(ValidationError) as caught:
        iron.full_clean()

    assert caught.value.message_dict == {
        "ree_group": ["Only a rare earth can be in the light or heavy group."]
    }


def test_ree_group_on_a_non_rare_earth_is_refused_by_the_database() -> None:
    ElementFactory(symbol="Fe")

    with pytest.raises(IntegrityError), transaction.atomic():
        Element.objects.filter(symbol="Fe").update(ree_group="heavy")

    assert Element.objects.get(symbol="Fe").ree_group is None


def test_scandium_is_a_rare_earth_in_neither_group() -> None:
    scandium = ElementFactory(symbol="Sc")

    scandium.full_clean()
    assert (scandium.is_rare_earth, scandium.ree_group) == (True, None)


def test_factory_follows_the_usgs_grouping() -> None:
    groups = {symbol: ElementFactory(symbol=symbol).ree_group for symbol in ["Y", "Nd", "Gd", "Tb"]}

    assert groups == {"Y": "heavy", "Nd": "light", "Gd": "light", "Tb": "heavy"}


def test_duplicate_atomic_number_is_refused() -> None:
    ElementFactory(symbol="Dy")
    impostor = ElementFactory.build(symbol="Dx", name="dysprosium-bis", atomic_number=66)

    with pytest.raises(ValidationError) as caught:
        impostor.full_clean()

    assert caught.value.message_dict == {
        "atomic_number": ["Element with this Atomic number already exists."]
    }


def test_applications_must_be_a_list_of_phrases() -> None:
    neodymium = ElementFactory.build(symbol="Nd", applications=["NdFeB magnets", " "])

    with pytest.raises(ValidationError) as caught:
        neodymium.full_clean()

    assert caught.value.message_dict == {
        "applications": ["Enter a list of short non-empty phrases."]
    }


def test_factory_picks_free_real_symbols() -> None:
    ElementFactory(symbol="H")

    created = ElementFactory.create_batch(3)

    symbols = [element.symbol for element in created]
    assert len(set(symbols)) == 3
    assert all(element.name and 1 <= element.atomic_number <= 118 for element in created)
    assert Element.objects.count() == 4
