"""A record moves with its parts, whichever door changed them.

Vocabulary: a *part* is a list of child rows a record owns and writes together with itself
(citations, aliases, parties, controlled elements, restrictions), declared once per resource
(``NestedPart`` in :mod:`apps.core.services`) for the API and the seed loader, and edited as
an inline in the admin; a *part row* is one row of such a list (an ``AgreementParty``).

The API and the record's admin page write part rows together with their record
(:func:`apps.core.services.record_apply`, ``CuratedModelAdmin.save_related``), and the record
is saved too, so its ``updated_at``, history, search text and change-feed event follow. Part
rows also have admin pages and imports of their own; there nothing saved the record, so a
restriction added on its own page never reached the change feed. :func:`track_part_rows`
closes that door: saving or deleting a part row on its own saves its record, with the part
named as what changed.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

#: (model label, pk) of the records whose part rows are being written together with them.
_writing: ContextVar[frozenset[tuple[str, Any]]] = ContextVar("writing", default=frozenset())


@contextmanager
def writing_record(instance: models.Model) -> Iterator[None]:
    """Part rows of ``instance`` saved inside this block do not save it again: the caller
    writes the record itself as one change."""
    token = _writing.set(_writing.get() | {(instance._meta.label, instance.pk)})
    try:
        yield
    finally:
        _writing.reset(token)


def _from_parent(origin: Any, parent_model: type[models.Model]) -> bool:
    """Whether a deletion started at the parent (a cascade: the parent goes too)."""
    model = origin.model if isinstance(origin, models.QuerySet) else type(origin)
    return issubclass(model, parent_model)


def track_part_rows(row_model: type[models.Model], parent_field: str, accessor: str) -> None:
    """Save the ``parent_field`` record when a ``row_model`` row changes on its own;
    ``accessor`` is the part's name on the record (reported as changed)."""
    parent_model = row_model._meta.get_field(parent_field).related_model
    assert isinstance(parent_model, type) and issubclass(parent_model, models.Model)
    attname = row_model._meta.get_field(parent_field).attname  # type: ignore[union-attr]

    def row_changed(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
        if kwargs.get("raw"):
            return
        origin = kwargs.get("origin")
        if origin is not None and _from_parent(origin, parent_model):
            return
        parent_id = getattr(instance, attname)
        if (parent_model._meta.label, parent_id) in _writing.get():
            return
        parent = parent_model._default_manager.filter(pk=parent_id).first()
        if parent is not None:
            parent._changed_relations = [accessor]  # type: ignore[attr-defined]
            parent.save()

    uid = f"part-rows:{row_model._meta.label}"
    post_save.connect(row_changed, sender=row_model, weak=False, dispatch_uid=uid)
    post_delete.connect(row_changed, sender=row_model, weak=False, dispatch_uid=uid)
