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

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django_countries import countries

from apps.controls.choices import MeasureKind

if TYPE_CHECKING:
    from apps.controls.models import ControlMeasure, EntityRestriction
    from apps.entities.models import Entity


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


# --- What is controlled, and who is cut off from what -------------------------------------

#: Measure kinds whose restricted entities are barred from the controlled items. Other kinds
#: (a watch list, for instance) list entities for stricter review, not a prohibition.
BLOCKING_KINDS = frozenset({MeasureKind.END_USER_RESTRICTION, MeasureKind.EXPORT_BAN})


@dataclass(frozen=True)
class MeasureControl:
    """One in-force measure's control of an element, as a derived answer cites it."""

    measure_id: int
    reference: str
    authority_id: int
    authority_name: str
    kind: str
    effective_from: date
    effective_to: date | None
    scope: str


@dataclass(frozen=True)
class ControlledElement:
    """An element and the in-force measures that control it on a date."""

    symbol: str
    name: str
    controls: list[MeasureControl]


def controlled_elements_on(
    *,
    on: date,
    elements: Collection[str] = (),
    authority_country: str | None = None,
    authority_id: int | None = None,
    kinds: Collection[str] = (),
) -> list[ControlledElement]:
    """Every element under at least one measure in force on ``on``, by atomic number.

    Read as plain rows, not model instances: at 1,000 measures a day's answer has thousands
    of controls, and building four model instances for each took most of the request.
    """
    from apps.controls.models import ElementControl

    measures = _in_force_measures(on, authority_country=authority_country, kinds=kinds)
    if authority_id is not None:
        measures = measures.filter(authority_id=authority_id)
    controls = ElementControl.objects.filter(measure__in=measures)
    if elements:
        controls = controls.filter(element__in=elements)
    rows = controls.order_by("element__atomic_number", "measure__effective_from", "id").values_list(
        "element_id",
        "element__name",
        "measure_id",
        "measure__reference",
        "measure__authority_id",
        "measure__authority__name",
        "measure__kind",
        "measure__effective_from",
        "measure__effective_to",
        "scope",
    )
    grouped: dict[str, ControlledElement] = {}
    for row in rows:
        symbol, name, control = row[0], row[1], row[2:]
        if symbol not in grouped:
            grouped[symbol] = ControlledElement(symbol, name, [])
        grouped[symbol].controls.append(MeasureControl(*control))  # type: ignore[arg-type]
    return list(grouped.values())


def _in_force_measures(
    on: date, *, authority_country: str | None = None, kinds: Collection[str] = ()
) -> QuerySet[ControlMeasure]:
    from apps.controls.models import ControlMeasure

    measures = ControlMeasure.objects.in_force_on(on)
    if authority_country:
        measures = measures.filter(authority__country=authority_country)
    if kinds:
        measures = measures.filter(kind__in=kinds)
    return measures


@dataclass(frozen=True)
class Exposure:
    """A restriction in force on an entity (directly, or inherited from a parent), and the
    elements it cuts the entity off from, each with the measures controlling it."""

    restriction: EntityRestriction
    inherited_from: Entity | None
    blocked: list[ControlledElement]
    reason: str


def entity_ancestors(entity: Entity) -> list[Entity]:
    """The entity's parents, nearest first (guarding against a cycle in bad data)."""
    chain: list[Entity] = []
    seen = {entity.pk}
    parent = entity.parent
    while parent is not None and parent.pk not in seen:
        chain.append(parent)
        seen.add(parent.pk)
        parent = parent.parent
    return chain


def restricted_entity_ids(*, on: date) -> set[int]:
    """Ids of entities restricted on ``on``, directly or through any ancestor."""
    from apps.entities.models import Entity

    direct = set(
        _in_force_measures(on)
        .filter(restricted_entities__isnull=False)
        .values_list("restricted_entities__entity_id", flat=True)
    )
    if not direct:
        return set()
    parents = dict(Entity.objects.filter(parent__isnull=False).values_list("id", "parent_id"))
    restricted = set(direct)
    for entity_id in parents:
        seen = {entity_id}
        ancestor = parents.get(entity_id)
        while ancestor is not None and ancestor not in seen:
            if ancestor in direct:
                restricted.add(entity_id)
                break
            seen.add(ancestor)
            ancestor = parents.get(ancestor)
    return restricted


def entity_exposure(*, entity: Entity, on: date) -> list[Exposure]:
    """The restrictions in force on ``entity`` on ``on`` and what each one blocks.

    Rule: an end-user restriction or export ban that lists the entity (or one of its parent
    entities, reported as inherited) blocks the elements controlled on that date by in-force
    measures of the same jurisdiction: the restricting authority's country, or the authority
    itself when it has no country.
    """
    from apps.controls.models import EntityRestriction

    lineage = [entity, *entity_ancestors(entity)]
    restrictions = (
        EntityRestriction.objects.filter(entity__in=lineage, measure__in=_in_force_measures(on))
        .select_related("entity", "measure__authority")
        .prefetch_related("citations")
        .order_by("measure__effective_from", "measure_id", "id")
    )
    controlled_cache: dict[tuple[str, object], list[ControlledElement]] = {}
    exposures = []
    for restriction in restrictions:
        measure = restriction.measure
        inherited = None if restriction.entity_id == entity.pk else restriction.entity
        if measure.kind in BLOCKING_KINDS:
            country = measure.authority.country
            key = ("country", str(country)) if country else ("authority", measure.authority_id)
            if key not in controlled_cache:
                controlled_cache[key] = controlled_elements_on(
                    on=on,
                    authority_country=str(country) if country else None,
                    authority_id=None if country else measure.authority_id,
                )
            blocked = controlled_cache[key]
            # ``country`` is a django_countries Country at run time; the stubs only know a str.
            jurisdiction = str(countries.name(country)) if country else str(measure.authority)
            reason = (
                f"{measure.reference} ({measure.get_kind_display().lower()}) lists "
                f"{restriction.entity}; it bars the items that {jurisdiction} controls on "
                f"{on.isoformat()}: {', '.join(c.symbol for c in blocked) or 'none'}."
            )
        else:
            blocked = []
            reason = (
                f"{measure.reference} lists {restriction.entity} for closer scrutiny "
                f"({measure.get_kind_display().lower()}); it does not by itself bar any item."
            )
        if inherited is not None:
            reason += f" Inherited from the parent entity {inherited}."
        exposures.append(Exposure(restriction, inherited, blocked, reason))
    return exposures
