"""Append a ChangeEvent for every history row of a resource (see models.py for why)."""

from typing import Any

from django.db import connection
from django.db.models import Model
from simple_history.models import HistoricalChanges

from apps.changes.models import ChangeEvent

#: Model label -> resource name in the API (and in the feed).
RESOURCES = {
    "sources.Source": "sources",
    "elements.Element": "elements",
    "entities.Entity": "entities",
    "deposits.Deposit": "deposits",
    "deposits.ResourceEstimate": "resource-estimates",
    "agreements.Agreement": "agreements",
    "controls.ControlMeasure": "control-measures",
}

ACTIONS = {
    "+": ChangeEvent.Action.CREATED,
    "~": ChangeEvent.Action.UPDATED,
    "-": ChangeEvent.Action.DELETED,
}
#: Bookkeeping columns that never count as a change a client cares about.
IGNORED_FIELDS = frozenset({"updated_at", "search_text"})
#: Any constant: the key of the PostgreSQL advisory lock that orders appends.
FEED_LOCK_KEY = 7_411_203


def changed_fields(history: HistoricalChanges, action: str) -> list[str]:
    """Fields that differ from the previous history row (all of them for a creation)."""
    if action == ChangeEvent.Action.DELETED:
        return []
    meta = history.instance_type._meta  # type: ignore[attr-defined]
    fields = [f for f in meta.concrete_fields if f.name not in IGNORED_FIELDS]
    previous = history.prev_record if action == ChangeEvent.Action.UPDATED else None  # type: ignore[attr-defined]
    if previous is None:
        return sorted(f.name for f in fields)
    return sorted(
        f.name for f in fields if getattr(history, f.attname) != getattr(previous, f.attname)
    )


def record_change(sender: type[Model], history_instance: Any, **kwargs: Any) -> None:
    resource = RESOURCES.get(history_instance.instance_type._meta.label)
    if resource is None:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK_KEY])
    action = ACTIONS[history_instance.history_type]
    ChangeEvent.objects.create(
        at=history_instance.history_date,
        action=action,
        resource=resource,
        object_id=str(getattr(history_instance, history_instance.instance_type._meta.pk.attname)),
        changed_fields=sorted(
            {
                *changed_fields(history_instance, action),
                *getattr(kwargs.get("instance"), "_changed_relations", ()),
            }
        ),
        history_id=history_instance.history_id,
    )
