"""Control-measure rules: date order, suspensions that name what they suspend, unique parts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.controls.models import ControlMeasure
from apps.controls.services import measure_validate_suspends
from tests.factories import (
    ControlMeasureFactory,
    ElementControlFactory,
    ElementFactory,
    EntityRestrictionFactory,
)

pytestmark = pytest.mark.django_db


def test_end_before_start_is_refused_naming_both_dates() -> None:
    measure = ControlMeasureFactory.build(
        authority=ControlMeasureFactory().authority,
        effective_from=datetime.date(2025, 11, 10),
        effective_to=datetime.date(2025, 11, 9),
    )

    with pytest.raises(ValidationError) as caught:
        measure.full_clean()

    assert caught.value.message_dict == {
        "effective_to": [
            "The end date (2025-11-09) must be on or after the start date (2025-11-10)."
        ]
    }


def test_end_before_start_is_refused_by_the_database() -> None:
    measure = ControlMeasureFactory(effective_from=datetime.date(2025, 11, 10))

    with pytest.raises(IntegrityError), transaction.atomic():
        ControlMeasure.objects.filter(pk=measure.pk).update(effective_to=datetime.date(2025, 11, 9))

    measure.refresh_from_db()
    assert measure.effective_to is None


def test_start_date_is_required() -> None:
    measure = ControlMeasureFactory.build(
        authority=ControlMeasureFactory().authority, effective_from=None, announced_on=None
    )

    with pytest.raises(ValidationError) as caught:
        measure.full_clean()

    assert caught.value.message_dict == {"effective_from": ["This field cannot be null."]}


def test_suspension_without_suspends_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        measure_validate_suspends(kind="suspension", suspends=[])

    assert caught.value.message_dict == {
        "suspends": ["A suspension must name at least one measure it suspends."]
    }


def test_only_a_suspension_may_suspend() -> None:
    target = ControlMeasureFactory()

    with pytest.raises(ValidationError) as caught:
        measure_validate_suspends(kind="export_ban", suspends=[target])

    assert caught.value.message_dict == {
        "suspends": ["Only a measure of kind 'suspension' can suspend others."]
    }


def test_measure_cannot_suspend_itself() -> None:
    suspension = ControlMeasureFactory(suspension=True)

    with pytest.raises(ValidationError) as caught:
        measure_validate_suspends(
            kind="suspension", suspends=[suspension], measure_pk=suspension.pk
        )

    assert caught.value.message_dict == {"suspends": ["A measure cannot suspend itself."]}


def test_valid_suspension_is_accepted() -> None:
    target = ControlMeasureFactory()

    measure_validate_suspends(kind="suspension", suspends=[target])
    suspension = ControlMeasureFactory(suspension=True, suspends=[target])

    assert list(target.suspended_by.all()) == [suspension]


def test_element_controlled_twice_by_one_measure_is_refused() -> None:
    control = ElementControlFactory(element=ElementFactory(symbol="Dy"))
    duplicate = ElementControlFactory.build(measure=control.measure, element=control.element)

    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()

    assert caught.value.messages == ["This measure already controls this element."]


def test_entity_restricted_twice_by_one_measure_is_refused() -> None:
    restriction = EntityRestrictionFactory()
    duplicate = EntityRestrictionFactory.build(
        measure=restriction.measure, entity=restriction.entity
    )

    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()

    assert caught.value.messages == ["This measure already restricts this entity."]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
