"""The in-force rule (apps.controls.selectors), through every door that uses it.

Each case asks the same question three ways, ``in_force_on`` (the filter), ``with_in_force``
(the annotation) and ``measure_is_in_force`` (one record), and requires one answer.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.controls.models import ControlMeasure
from apps.controls.selectors import (
    measure_is_in_force,
    measures_in_force_on,
    measures_with_in_force,
)
from tests.factories import ControlMeasureFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def in_force(measure: ControlMeasure, on: datetime.date) -> bool:
    """The rule's answer for one measure, after checking the three doors agree."""
    by_filter = measures_in_force_on(on).filter(pk=measure.pk).exists()
    annotated = [m.in_force for m in measures_with_in_force(on) if m.pk == measure.pk]
    by_selector = measure_is_in_force(measure_id=measure.pk, on=on)
    assert annotated == [by_filter], "with_in_force must list the measure once, agreeing"
    assert by_selector == by_filter
    return by_filter


def test_open_ended_measure_is_in_force_from_its_first_day_on() -> None:
    measure = ControlMeasureFactory(effective_from=D(2025, 4, 4), effective_to=None)

    assert not in_force(measure, D(2025, 4, 3))
    assert in_force(measure, D(2025, 4, 4))
    assert in_force(measure, D(2040, 1, 1))


def test_measure_with_an_end_date_includes_its_last_day() -> None:
    measure = ControlMeasureFactory(effective_from=D(2025, 1, 1), effective_to=D(2025, 6, 30))

    assert in_force(measure, D(2025, 1, 1))
    assert in_force(measure, D(2025, 6, 30))
    assert not in_force(measure, D(2025, 7, 1))


def test_one_day_measure() -> None:
    measure = ControlMeasureFactory(effective_from=D(2025, 3, 1), effective_to=D(2025, 3, 1))

    assert [in_force(measure, day) for day in (D(2025, 2, 28), D(2025, 3, 1), D(2025, 3, 2))] == [
        False,
        True,
        False,
    ]


def test_suspension_covering_part_of_a_measures_life() -> None:
    measure = ControlMeasureFactory(effective_from=D(2025, 1, 1), effective_to=D(2025, 12, 31))
    ControlMeasureFactory(
        suspension=True,
        suspends=[measure],
        effective_from=D(2025, 3, 1),
        effective_to=D(2025, 5, 31),
    )

    assert in_force(measure, D(2025, 2, 28))
    assert not in_force(measure, D(2025, 3, 1))
    assert not in_force(measure, D(2025, 5, 31))
    assert in_force(measure, D(2025, 6, 1))
    assert not in_force(measure, D(2026, 1, 1))


def test_measure_is_in_force_again_once_its_suspension_ends() -> None:
    measure = ControlMeasureFactory(effective_from=D(2025, 4, 4))
    suspension = ControlMeasureFactory(
        suspension=True,
        suspends=[measure],
        effective_from=D(2025, 11, 10),
        effective_to=D(2026, 11, 10),
    )

    assert in_force(suspension, D(2026, 11, 10))
    assert not in_force(measure, D(2026, 11, 10))
    assert not in_force(suspension, D(2026, 11, 11))
    assert in_force(measure, D(2026, 11, 11))


def test_measure_suspended_before_it_takes_effect() -> None:
    suspension = ControlMeasureFactory(
        suspension=True, effective_from=D(2025, 11, 10), effective_to=D(2026, 11, 10)
    )
    measure = ControlMeasureFactory(effective_from=D(2025, 12, 1))
    suspension.suspends.set([measure])

    assert not in_force(measure, D(2025, 11, 30))  # not yet
    assert not in_force(measure, D(2025, 12, 1))  # would start, but suspended
    assert in_force(measure, D(2026, 11, 11))  # suspension over


def test_nothing_is_in_force_before_the_first_measure() -> None:
    ControlMeasureFactory(effective_from=D(2025, 4, 4))
    ControlMeasureFactory(suspension=True, effective_from=D(2025, 11, 10))

    assert not measures_in_force_on(D(2000, 1, 1)).exists()
    assert [m.in_force for m in measures_with_in_force(D(2000, 1, 1))] == [
        False,
        False,
    ]


def test_suspension_of_a_suspension_lifts_it() -> None:
    measure = ControlMeasureFactory(effective_from=D(2025, 1, 1))
    inner = ControlMeasureFactory(suspension=True, suspends=[measure], effective_from=D(2025, 3, 1))
    outer = ControlMeasureFactory(suspension=True, suspends=[inner], effective_from=D(2025, 6, 1))

    assert not in_force(measure, D(2025, 4, 1))
    assert in_force(inner, D(2025, 4, 1))
    assert in_force(outer, D(2025, 6, 1))
    assert not in_force(inner, D(2025, 6, 1))
    assert in_force(measure, D(2025, 6, 1))


def test_measure_suspended_twice_is_out_of_force_while_either_suspension_is_in_force() -> None:
    measure = ControlMeasureFactory(effective_from=D(2025, 1, 1))
    ControlMeasureFactory(
        suspension=True,
        suspends=[measure],
        effective_from=D(2025, 3, 1),
        effective_to=D(2025, 3, 31),
    )
    ControlMeasureFactory(
        suspension=True,
        suspends=[measure],
        effective_from=D(2025, 6, 1),
        effective_to=D(2025, 6, 30),
    )

    assert [in_force(measure, D(2025, month, 15)) for month in range(2, 8)] == [
        True,
        False,
        True,
        True,
        False,
        True,
    ]


def scenario() -> None:
    """Every case above in one database: open, ended, suspended, suspended twice, nested."""
    open_ended = ControlMeasureFactory(effective_from=D(2025, 4, 4))
    ControlMeasureFactory(effective_from=D(2025, 1, 1), effective_to=D(2025, 6, 30))
    early = ControlMeasureFactory(effective_from=D(2025, 12, 1))
    ControlMeasureFactory(
        suspension=True,
        suspends=[early, open_ended],
        effective_from=D(2025, 11, 10),
        effective_to=D(2026, 11, 10),
    )
    twice = ControlMeasureFactory(effective_from=D(2025, 1, 1))
    for start, end in [(D(2025, 3, 1), D(2025, 3, 31)), (D(2025, 6, 1), D(2025, 6, 30))]:
        ControlMeasureFactory(
            suspension=True, suspends=[twice], effective_from=start, effective_to=end
        )
    nested = ControlMeasureFactory(effective_from=D(2025, 1, 1))
    inner = ControlMeasureFactory(suspension=True, suspends=[nested], effective_from=D(2025, 3, 1))
    ControlMeasureFactory(suspension=True, suspends=[inner], effective_from=D(2025, 6, 1))


SCENARIO_DAYS = [
    D(2000, 1, 1),
    D(2025, 3, 15),
    D(2025, 4, 4),
    D(2025, 6, 1),
    D(2025, 6, 30),
    D(2025, 7, 1),
    D(2025, 11, 10),
    D(2025, 12, 1),
    D(2026, 11, 10),
    D(2026, 11, 11),
]


@pytest.mark.parametrize("on", SCENARIO_DAYS)
def test_annotation_agrees_with_filter(on: datetime.date) -> None:
    scenario()

    filtered = set(measures_in_force_on(on).values_list("slug", flat=True))
    annotated = list(measures_with_in_force(on).values_list("slug", "in_force"))
    single = {
        m.slug for m in ControlMeasure.objects.all() if measure_is_in_force(measure_id=m.pk, on=on)
    }

    assert len(annotated) == ControlMeasure.objects.count()
    assert {slug for slug, flag in annotated if flag} == filtered == single


def queries_for(run: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_the_number_of_measures() -> None:
    on = D(2025, 12, 15)
    scenario()
    few = (
        queries_for(lambda: list(measures_in_force_on(on))),
        queries_for(lambda: list(measures_with_in_force(on))),
    )

    targets = ControlMeasureFactory.create_batch(30, effective_from=D(2025, 1, 1))
    for index in range(0, 30, 3):
        inner = ControlMeasureFactory(suspension=True, suspends=targets[index : index + 3])
        ControlMeasureFactory(suspension=True, suspends=[inner], effective_from=D(2025, 12, 1))
    many = (
        queries_for(lambda: list(measures_in_force_on(on))),
        queries_for(lambda: list(measures_with_in_force(on))),
    )

    assert many == few
    assert few[0] <= 3
