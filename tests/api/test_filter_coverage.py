"""Every model field of every resource has a filter, or a documented reason not to.

In the NetBox style (``test_missing_filters``): adding a field to a model fails this test until
someone decides whether clients may filter on it, and writes the decision down: a filter in the
resource's FilterSet, or an entry below with its reason. Entries for fields that no longer exist
or that have since got a filter fail too, so the list stays true.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models

from minerals_api.api import router

SEARCHED_BY_Q = "searched by q (names, aliases, titles, references)"
NOT_FILTERED = {
    "sources.Source": {
        "id": "a record is read at its URL",
        "created_at": "updated_since serves incremental sync",
        "search_text": "internal: what q matches",
        "slug": SEARCHED_BY_Q,
        "title": SEARCHED_BY_Q,
        "publisher": SEARCHED_BY_Q,
        "url": "a document address is not a selection criterion",
        "document": "a storage path, not a selection criterion",
        "notes": "free text",
    },
    "elements.Element": {
        "symbol": "the lookup key (/elements/Dy/); also searched by q",
        "name": SEARCHED_BY_Q,
        "atomic_number": "one element per number: read it at its URL; ordering uses it",
        "applications": "free-text phrases",
        "created_at": "updated_since serves incremental sync",
        "search_text": "internal: what q matches",
    },
    "entities.Entity": {
        "id": "a record is read at its URL",
        "created_at": "updated_since serves incremental sync",
        "search_text": "internal: what q matches",
        "slug": SEARCHED_BY_Q,
        "name": SEARCHED_BY_Q,
        "website": "an address is not a selection criterion",
        "description": "free text",
        "measures_verified_through": "read on the authority; answers about dates report it",
    },
    "deposits.Deposit": {
        "id": "a record is read at its URL",
        "created_at": "updated_since serves incremental sync",
        "search_text": "internal: what q matches",
        "slug": SEARCHED_BY_Q,
        "name": SEARCHED_BY_Q,
        "locality": SEARCHED_BY_Q,
        "latitude": "filtered with longitude by bbox",
        "longitude": "filtered with latitude by bbox",
        "announced_on": "not a v1 filter (DESIGN.md section 4); ordering uses it",
        "description": "free text",
    },
    "deposits.ResourceEstimate": {
        "id": "a record is read at its URL",
        "created_at": "updated_since serves incremental sync",
        "search_text": "internal: what q matches",
        "slug": SEARCHED_BY_Q,
        "quantity": "compare quantity_tonnes (same unit for every estimate)",
        "unit": "compare quantity_tonnes (same unit for every estimate)",
        "quantity_tonnes": "not a v1 filter; ordering uses it",
        "grade_percent": "not a v1 filter (DESIGN.md section 4)",
    },
    "agreements.Agreement": {
        "id": "a record is read at its URL",
        "created_at": "updated_since serves incremental sync",
        "search_text": "internal: what q matches",
        "slug": SEARCHED_BY_Q,
        "title": SEARCHED_BY_Q,
        "signed_on": "dates are filtered together by active_on; ordering uses it",
        "effective_from": "dates are filtered together by active_on; ordering uses it",
        "effective_to": "dates are filtered together by active_on",
        "parent": "not a v1 filter (DESIGN.md section 4): follow the parent link",
        "deposits": "not a v1 filter (DESIGN.md section 4)",
        "summary": "free text",
    },
    "controls.ControlMeasure": {
        "id": "a record is read at its URL",
        "created_at": "updated_since serves incremental sync",
        "search_text": "internal: what q matches",
        "slug": SEARCHED_BY_Q,
        "reference": SEARCHED_BY_Q,
        "title": SEARCHED_BY_Q,
        "announced_on": "not a v1 filter; ordering uses it",
        "effective_from": "dates are filtered together by in_force_on",
        "effective_to": "dates are filtered together by in_force_on",
        "suspends": "not a v1 filter: kind=suspension lists the suspensions",
        "effective_from_confidence": "a qualifier of effective_from, shown with it",
        "summary": "free text",
    },
}


def model_fields(model: type[models.Model]) -> set[str]:
    """The model's own fields (many-to-many included), not reverse relations."""
    return {
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "primary_key", False)
        or (not field.auto_created and (field.concrete or field.many_to_many))
    }


def filtered_fields(model: type[models.Model], filterset_class: Any) -> set[str]:
    """The model fields a FilterSet's filters select on (by name or by ``field_name``)."""
    names = model_fields(model)
    attnames = {f.attname: f.name for f in model._meta.concrete_fields}
    covered = set()
    for name, filter_ in filterset_class.base_filters.items():
        for candidate in (name, str(filter_.field_name).split("__")[0]):
            candidate = attnames.get(candidate, candidate)
            if candidate in names:
                covered.add(candidate)
    return covered


def test_every_model_field_has_a_filter_or_a_reason() -> None:
    problems = []
    for prefix, registered, _ in router.registry:
        viewset: Any = registered
        model = viewset.queryset.model
        label = model._meta.label
        fields = model_fields(model)
        covered = filtered_fields(model, viewset.filterset_class)
        skipped = NOT_FILTERED.get(label, {})
        for name in sorted(fields - covered - set(skipped)):
            problems.append(f"{label}.{name} (/{prefix}/): add a filter or a reason not to")
        for name in sorted(set(skipped) - fields):
            problems.append(f"{label}.{name}: on the skip list but no longer a field")
        for name in sorted(set(skipped) & covered):
            problems.append(f"{label}.{name}: on the skip list but now filtered; remove it")
        for name, reason in skipped.items():
            if not reason.strip():
                problems.append(f"{label}.{name}: skipped without a reason")
    assert not problems, "\n".join(problems)


def indexed_fields(model: type[models.Model]) -> set[str]:
    """Fields an index starts with: db_index, unique, the key, foreign keys, Meta.indexes."""
    indexed = {
        field.name
        for field in model._meta.concrete_fields
        if getattr(field, "db_index", False)
        or field.unique
        or field.primary_key
        or field.is_relation
    }
    indexed |= {str(index.fields[0]).lstrip("-") for index in model._meta.indexes if index.fields}
    return indexed


def test_every_filtered_or_ordered_column_has_an_index() -> None:
    """A filter or ordering on a column of the record itself needs an index that starts with
    it (bench/results/explain-*.md shows the plans on generated data)."""
    problems = []
    for prefix, registered, _ in router.registry:
        viewset: Any = registered
        model = viewset.queryset.model
        columns = {field.name for field in model._meta.concrete_fields}
        indexed = indexed_fields(model)
        for name, filter_ in viewset.filterset_class.base_filters.items():
            if isinstance(filter_, django_filters.OrderingFilter):
                used = [(f"ordering={field}", field) for field in filter_.param_map]
            elif filter_.method is None and "__" not in str(filter_.field_name):
                used = [(name, str(filter_.field_name))]
            else:
                continue  # methods (q, bbox, in_force_on...) and joins are checked by EXPLAIN
            problems += [
                f"/{prefix}/?{label}: {model._meta.label}.{field} has no index"
                for label, field in used
                if field in columns and field not in indexed
            ]
    assert not problems, "\n".join(problems)
