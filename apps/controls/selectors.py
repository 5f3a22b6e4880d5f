"""The in-force rule, the one place that decides whether a control measure applies on a date.

A measure is in force on day D when:

* ``effective_from <= D``, and
* ``effective_to`` is empty or ``D <= effective_to`` (the last day counts), and
* no ``suspension`` measure that suspends it is itself in force on D.

Suspensions are few, so which of them are in force is worked out in Python (following
suspensions of suspensions, with a guard against cycles); the result becomes a plain
``Q`` that any queryset, filter, admin column or export can apply in the same query.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from apps.controls.choices import MeasureKind


def window_q(on: date) -> Q:
    """Measures whose own dates cover ``on``, ignoring suspensions."""
    return Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))


def suspensions_in_force(on: date) -> set[int]:
    """Ids of the suspension measures in force on ``on``."""
    from apps.controls.models import ControlMeasure

    rows = ControlMeasure.objects.filter(kind=MeasureKind.SUSPENSION).values_list(
        "id", "effective_from", "effective_to"
    )
    in_window = {pk for pk, start, end in rows if start <= on and (end is None or on <= end)}
    if not in_window:
        return set()
    suspended_by: dict[int, set[int]] = {}
    links = ControlMeasure.suspends.through.objects.filter(
        to_controlmeasure__kind=MeasureKind.SUSPENSION
    ).values_list("from_controlmeasure_id", "to_controlmeasure_id")
    for suspender, suspended in links:
        suspended_by.setdefault(suspended, set()).add(suspender)

    def in_force(pk: int, visiting: frozenset[int]) -> bool:
        if pk not in in_window:
            return False
        return not any(
            in_force(suspender, visiting | {pk})
            for suspender in suspended_by.get(pk, ())
            if suspender not in visiting
        )

    return {pk for pk in in_window if in_force(pk, frozenset())}


def in_force_q(on: date) -> Q:
    """The rule as a ``Q`` over ControlMeasure; costs one or two small queries to build.

    The suspended measures are excluded through a subquery, not a join on ``suspended_by``:
    inside ``When`` (``with_in_force``) a join would repeat a measure once per suspension.
    """
    from apps.controls.models import ControlMeasure

    active_suspensions = suspensions_in_force(on)
    rule = window_q(on)
    if active_suspensions:
        suspended = ControlMeasure.suspends.through.objects.filter(
            from_controlmeasure_id__in=active_suspensions
        ).values("to_controlmeasure_id")
        rule &= ~Q(pk__in=suspended)
    return rule


def measure_is_in_force(*, measure_id: int, on: date) -> bool:
    """Whether one measure is in force on ``on``: the same rule, for a single record."""
    from apps.controls.models import ControlMeasure

    return ControlMeasure.objects.filter(pk=measure_id).filter(in_force_q(on)).exists()
