"""The in-force rule, the one place that decides whether a control measure applies on a date.

A measure is in force on day D when:

* ``effective_from <= D``, and
* ``effective_to`` is empty or ``D <= effective_to`` (the last day counts), and
* no ``suspension`` measure that suspends it as a whole is itself in force on D.

A suspension that also lists clauses of a measure it suspends (``suspended_clauses``)
suspends only those clauses: the measure stays in force, and the rows of those clauses (its
controlled elements, restricted entities and restricted categories with that ``clause``) do
not apply while the suspension is in force.

Suspensions are few, so which of them are in force is worked out in Python (following
suspensions of suspensions, with a guard against cycles); the result becomes a plain
``Q`` that any queryset, filter, admin column or export can apply in the same query.

Who a measure restricts is decided here too (:func:`restrictions_on`): the entities it lists
(and their subsidiaries), and the entities its category rules match (their country and
end-user category).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_countries import countries

from apps.controls.choices import MeasureKind
from apps.controls.models import (
    CategoryRestriction,
    ControlMeasure,
    ControlMeasureCitation,
    ElementControl,
    EntityRestriction,
    SuspendedClause,
)
from apps.core.choices import Confidence
from apps.entities.models import Entity


def window_q(on: date) -> Q:
    """Measures whose own dates cover ``on``, ignoring suspensions."""
    return Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))


def suspensions_in_force(on: date) -> set[int]:
    """Ids of the suspension measures in force on ``on``."""
    rows = ControlMeasure.objects.filter(kind=MeasureKind.SUSPENSION).values_list(
        "id", "effective_from", "effective_to"
    )
    in_window = {pk for pk, start, end in rows if start <= on and (end is None or on <= end)}
    if not in_window:
        return set()
    suspended_by: dict[int, set[int]] = {}
    for suspender, suspended in _whole_suspensions().filter(
        to_controlmeasure__kind=MeasureKind.SUSPENSION
    ):
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


def _whole_suspensions() -> QuerySet:
    """(suspension id, suspended measure id) pairs of ``suspends`` that suspend the measure as
    a whole: those the suspension does not narrow to clauses."""
    narrowed = SuspendedClause.objects.filter(
        suspension_id=OuterRef("from_controlmeasure_id"),
        measure_id=OuterRef("to_controlmeasure_id"),
    )
    return ControlMeasure.suspends.through.objects.filter(~Exists(narrowed)).values_list(
        "from_controlmeasure_id", "to_controlmeasure_id"
    )


def in_force_q(on: date) -> Q:
    """The rule as a ``Q`` over ControlMeasure; costs one or two small queries to build.

    The suspended measures are excluded through a subquery, not a join on ``suspended_by``:
    inside ``When`` a join would repeat a measure once per suspension.
    """
    active_suspensions = suspensions_in_force(on)
    rule = window_q(on)
    if active_suspensions:
        suspended = _whole_suspensions().filter(from_controlmeasure_id__in=active_suspensions)
        rule &= ~Q(pk__in=suspended.values("to_controlmeasure_id"))
    return rule


def measures_in_force_on(on: date, measures: QuerySet | None = None) -> QuerySet:
    """Only the measures (of ``measures``, default all) in force on ``on``."""
    return (ControlMeasure.objects.all() if measures is None else measures).filter(in_force_q(on))


def measures_with_in_force(on: date, measures: QuerySet | None = None) -> QuerySet:
    """The measures annotated with ``in_force`` (bool) for ``on``."""
    return (ControlMeasure.objects.all() if measures is None else measures).annotate(
        in_force=models.Case(
            models.When(in_force_q(on), then=models.Value(True)),
            default=models.Value(False),
            output_field=models.BooleanField(),
        )
    )


def measure_is_in_force(*, measure_id: int, on: date) -> bool:
    """Whether one measure is in force on ``on``: the same rule, for a single record."""
    return measures_in_force_on(on).filter(pk=measure_id).exists()


def suspended_clauses_on(on: date) -> set[tuple[int, str]]:
    """(measure id, clause) of every clause suspended on ``on``."""
    active = suspensions_in_force(on)
    if not active:
        return set()
    return set(
        SuspendedClause.objects.filter(suspension_id__in=active).values_list("measure_id", "clause")
    )


def rows_in_force_q(on: date) -> Q:
    """The rule for a measure's rows (controlled elements, restrictions, category rules):
    their measure is in force on ``on`` and their clause is not suspended that day."""
    rule = Q(measure__in=measures_in_force_on(on).values("pk"))
    suspended = suspended_clauses_on(on)
    if suspended:
        rule &= ~reduce(or_, (Q(measure_id=m, clause=c) for m, c in sorted(suspended)))
    return rule


# --- How sure, and how far the data reaches ----------------------------------------------

#: Confidence levels from the surest to the least sure.
CONFIDENCE_ORDER = tuple(Confidence.values)


def weakest_confidence(levels: Iterable[str]) -> str | None:
    """The least sure of ``levels`` (None when there are none)."""
    ranked = [CONFIDENCE_ORDER.index(level) for level in levels if level in CONFIDENCE_ORDER]
    return CONFIDENCE_ORDER[max(ranked)] if ranked else None


def measure_confidence(measure_ids: Collection[int]) -> dict[int, str | None]:
    """Each measure's weakest citation confidence, in one query."""
    found: dict[int, list[str]] = {pk: [] for pk in measure_ids}
    rows = ControlMeasureCitation.objects.filter(measure_id__in=measure_ids).values_list(
        "measure_id", "confidence"
    )
    for measure_id, confidence in rows:
        found[measure_id].append(confidence)
    return {pk: weakest_confidence(levels) for pk, levels in found.items()}


@dataclass(frozen=True)
class Coverage:
    """How far curators checked an authority's measures, against the date asked."""

    authority_id: int
    authority_name: str
    verified_through: date | None

    def covers(self, on: date) -> bool:
        return self.verified_through is not None and on <= self.verified_through


def coverage_of(authority_ids: Collection[int]) -> list[Coverage]:
    rows = Entity.objects.filter(pk__in=authority_ids).order_by("name", "pk")
    return [Coverage(e.pk, e.name, e.measures_verified_through) for e in rows]


def unverified_note(on: date, coverage: Iterable[Coverage]) -> str:
    """A sentence naming the authorities whose measures are not verified through ``on``."""
    gaps = [c for c in coverage if not c.covers(on)]
    if not gaps:
        return ""
    names = "; ".join(
        f"{c.authority_name} (verified through {c.verified_through.isoformat()})"
        if c.verified_through
        else f"{c.authority_name} (never verified)"
        for c in gaps
    )
    return (
        f"Not verified for {on.isoformat()}: the measures of {names} were checked only up to "
        "that date; later measures, suspensions or their ends may be missing."
    )


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
    effective_from_confidence: str
    effective_to: date | None
    clause: str
    scope: str
    confidence: str | None = None


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
    measure_id: int | None = None,
    clause: str | None = None,
) -> list[ControlledElement]:
    """Every element under at least one measure in force on ``on``, by atomic number.

    Items that are not elements (``item`` with no element) are never listed here. Read as
    plain rows, not model instances: at 1,000 measures a day's answer has thousands of
    controls, and building four model instances for each took most of the request.
    """
    controls = ElementControl.objects.filter(rows_in_force_q(on), element__isnull=False)
    if authority_country:
        controls = controls.filter(measure__authority__country=authority_country)
    if authority_id is not None:
        controls = controls.filter(measure__authority_id=authority_id)
    if kinds:
        controls = controls.filter(measure__kind__in=kinds)
    if elements:
        controls = controls.filter(element__in=elements)
    if measure_id is not None:
        controls = controls.filter(measure_id=measure_id, clause=clause or "")
    columns = controls.order_by("element__atomic_number", "measure__effective_from", "id")
    rows = list(
        columns.values_list(
            "element_id",
            "element__name",
            "measure_id",
            "measure__reference",
            "measure__authority_id",
            "measure__authority__name",
            "measure__kind",
            "measure__effective_from",
            "measure__effective_from_confidence",
            "measure__effective_to",
            "clause",
            "scope",
        )
    )
    confidence = measure_confidence({row[2] for row in rows})
    grouped: dict[str, ControlledElement] = {}
    for row in rows:
        symbol, name, control = row[0], row[1], row[2:]
        if symbol not in grouped:
            grouped[symbol] = ControlledElement(symbol, name, [])
        grouped[symbol].controls.append(
            MeasureControl(*control, confidence=confidence[row[2]])  # type: ignore[arg-type]
        )
    return list(grouped.values())


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


def category_matches_q(rule: CategoryRestriction) -> Q | None:
    """The entities a category rule matches, or None for a rule that names only an end use
    (it restricts exports for that use, whoever the end user, and matches no entity)."""
    if rule.end_use or not (rule.destination_country or rule.end_user_category):
        return None
    q = Q()
    if rule.destination_country:
        q &= Q(country=rule.destination_country)
    if rule.end_user_category:
        q &= Q(end_user_category=rule.end_user_category)
    return q


def category_matches(rule: CategoryRestriction, *, country: object, end_user_category: str) -> bool:
    """:func:`category_matches_q` for one entity's country and category, without a query."""
    if rule.end_use or not (rule.destination_country or rule.end_user_category):
        return False
    return (
        not rule.destination_country or str(rule.destination_country) == str(country or "")
    ) and (not rule.end_user_category or rule.end_user_category == end_user_category)


def restricted_entity_ids(*, on: date) -> set[int]:
    """Ids of entities restricted on ``on``: listed by a measure in force (directly or through
    any ancestor), or matched by one of its category rules in force."""
    direct = set(
        EntityRestriction.objects.filter(rows_in_force_q(on)).values_list("entity_id", flat=True)
    )
    restricted = set(direct)
    if direct:
        parents = dict(Entity.objects.filter(parent__isnull=False).values_list("id", "parent_id"))
        for entity_id in parents:
            seen = {entity_id}
            ancestor = parents.get(entity_id)
            while ancestor is not None and ancestor not in seen:
                if ancestor in direct:
                    restricted.add(entity_id)
                    break
                seen.add(ancestor)
                ancestor = parents.get(ancestor)
    matches = [
        q
        for rule in CategoryRestriction.objects.filter(rows_in_force_q(on))
        if (q := category_matches_q(rule)) is not None
    ]
    if matches:
        restricted |= set(Entity.objects.filter(reduce(or_, matches)).values_list("pk", flat=True))
    return restricted


@dataclass(frozen=True)
class Exposure:
    """A restriction in force on an entity, and the elements it cuts the entity off from.

    ``basis`` says why it applies: ``listed`` (the measure names the entity, or its parent:
    ``inherited_from``) or ``category`` (a rule of the measure matches the entity's country
    and end-user category: ``category``; nobody is named).
    """

    measure: ControlMeasure
    clause: str
    basis: str
    note: str
    inherited_from: Entity | None
    category: CategoryRestriction | None
    blocked: list[ControlledElement]
    reason: str
    confidence: str | None


def _matching_rules(entity: Entity, on: date) -> list[CategoryRestriction]:
    rules = (
        CategoryRestriction.objects.filter(rows_in_force_q(on))
        .select_related("measure__authority")
        .order_by("measure__effective_from", "measure_id", "clause", "id")
    )
    return [
        rule
        for rule in rules
        if category_matches(
            rule, country=entity.country, end_user_category=entity.end_user_category
        )
    ]


def entity_exposure(*, entity: Entity, on: date) -> list[Exposure]:
    """The restrictions in force on ``entity`` on ``on`` and what each one blocks.

    Rule: an end-user restriction or export ban that lists the entity (or one of its parent
    entities, reported as inherited), or whose category rule matches the entity, blocks the
    elements its own clause controls when it names any; otherwise the elements controlled on
    that date by in-force measures of the same jurisdiction: the restricting authority's
    country, or the authority itself when it has no country.
    """
    lineage = [entity, *entity_ancestors(entity)]
    listed = (
        EntityRestriction.objects.filter(rows_in_force_q(on), entity__in=lineage)
        .select_related("entity", "measure__authority")
        .order_by("measure__effective_from", "measure_id", "id")
    )
    found: list[tuple[ControlMeasure, str, str, str, Entity | None, CategoryRestriction | None]]
    found = [
        (
            r.measure,
            r.clause,
            "listed",
            r.note,
            None if r.entity_id == entity.pk else r.entity,
            None,
        )
        for r in listed
    ]
    found += [
        (rule.measure, rule.clause, "category", rule.note, None, rule)
        for rule in _matching_rules(entity, on)
    ]
    found.sort(key=lambda f: (f[0].effective_from, f[0].pk, f[1]))
    confidence = measure_confidence({f[0].pk for f in found})
    jurisdiction_cache: dict[tuple[str, object], list[ControlledElement]] = {}
    exposures = []
    for measure, clause, basis, note, inherited, rule in found:
        who = _who(entity, inherited, rule)
        if measure.kind in BLOCKING_KINDS:
            blocked = controlled_elements_on(on=on, measure_id=measure.pk, clause=clause)
            if not blocked:
                blocked = _jurisdiction_controls(measure, on, jurisdiction_cache)
            reason = (
                f"{measure.reference}{_clause_text(clause)} ({measure.get_kind_display().lower()})"
                f" {who}; it bars {_barred_text(measure, blocked, on)}"
            )
        else:
            blocked = []
            reason = (
                f"{measure.reference}{_clause_text(clause)} {who} for closer scrutiny "
                f"({measure.get_kind_display().lower()}); it does not by itself bar any item."
            )
        if inherited is not None:
            reason += f" Inherited from the parent entity {inherited}."
        exposures.append(
            Exposure(
                measure,
                clause,
                basis,
                note,
                inherited,
                rule,
                blocked,
                reason,
                confidence[measure.pk],
            )
        )
    return exposures


def _who(entity: Entity, inherited: Entity | None, rule: CategoryRestriction | None) -> str:
    """Whom the measure reaches and how, as the reason says it."""
    if rule is None:
        return f"lists {inherited or entity}"
    parts = []
    if rule.end_user_category:
        parts.append(f"{rule.get_end_user_category_display().lower()}s")
    else:
        parts.append("every end user")
    if rule.destination_country:
        parts.append(f"in {countries.name(rule.destination_country)}")
    return f"applies by category, not by listing: it covers {' '.join(parts)}, which {entity} is"


def _clause_text(clause: str) -> str:
    return f", clause {clause}," if clause else ""


def _jurisdiction_controls(
    measure: ControlMeasure, on: date, cache: dict[tuple[str, object], list[ControlledElement]]
) -> list[ControlledElement]:
    country = measure.authority.country
    key = ("country", str(country)) if country else ("authority", measure.authority_id)
    if key not in cache:
        cache[key] = controlled_elements_on(
            on=on,
            authority_country=str(country) if country else None,
            authority_id=None if country else measure.authority_id,
        )
    return cache[key]


def _barred_text(measure: ControlMeasure, blocked: list[ControlledElement], on: date) -> str:
    symbols = ", ".join(c.symbol for c in blocked) or "none"
    if any(c.measure_id == measure.pk for element in blocked for c in element.controls):
        return f"the elements its own clause names: {symbols}."
    country = measure.authority.country
    # ``country`` is a django_countries Country at run time; the stubs only know a str.
    jurisdiction = str(countries.name(country)) if country else str(measure.authority)
    return f"the items that {jurisdiction} controls on {on.isoformat()}: {symbols}."


@dataclass(frozen=True)
class AppliedRestriction:
    """A restriction on an entity, and whether it is in force on the date asked (screening).

    ``basis`` is ``listed`` (the measure names the entity) or ``category`` (one of its
    category rules matches the entity's country and end-user category)."""

    measure_id: int
    reference: str
    kind: str
    clause: str
    basis: str
    in_force: bool
    effective_from_confidence: str
    confidence: str | None


def restrictions_on(on: date, entity_ids: Collection[int]) -> dict[int, list[AppliedRestriction]]:
    """Every restriction that names one of these entities or whose category rule matches it,
    each saying whether it is in force on ``on`` (clauses included), in the order the measures
    took effect. Loads only these entities' rows, and the category rules (a handful)."""
    by_entity: dict[int, list[AppliedRestriction]] = {}
    if not entity_ids:
        return by_entity
    in_force = rows_in_force_q(on)
    measure_columns = (
        "measure_id",
        "measure__reference",
        "measure__kind",
        "clause",
        "measure__effective_from_confidence",
        "measure__effective_from",
    )
    listed = (
        EntityRestriction.objects.filter(entity_id__in=entity_ids)
        .annotate(
            in_force=models.Case(
                models.When(in_force, then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )
        .values_list("entity_id", "in_force", *measure_columns)
    )
    found = [(entity_id, "listed", bool(active), row) for entity_id, active, *row in listed]
    rules = CategoryRestriction.objects.annotate(
        in_force=models.Case(
            models.When(in_force, then=models.Value(True)),
            default=models.Value(False),
            output_field=models.BooleanField(),
        )
    ).select_related("measure")
    entities = Entity.objects.filter(pk__in=entity_ids).values_list(
        "pk", "country", "end_user_category"
    )
    rule_list = list(rules)
    for entity_id, country, category in entities:
        for rule in rule_list:
            if category_matches(rule, country=country, end_user_category=category):
                measure = rule.measure
                row = [
                    measure.pk,
                    measure.reference,
                    measure.kind,
                    rule.clause,
                    measure.effective_from_confidence,
                    measure.effective_from,
                ]
                found.append((entity_id, "category", bool(rule.in_force), row))  # type: ignore[attr-defined]
    confidence = measure_confidence({row[0] for *_, row in found})
    found.sort(key=lambda f: (f[3][5], f[3][0], f[0], f[3][3], f[1]))
    for entity_id, basis, active, row in found:
        measure_id, reference, kind, clause, date_confidence, _ = row
        applied = AppliedRestriction(
            measure_id,
            reference,
            kind,
            clause,
            basis,
            active,
            date_confidence,
            confidence[measure_id],
        )
        if applied not in by_entity.get(entity_id, []):
            by_entity.setdefault(entity_id, []).append(applied)
    return by_entity
