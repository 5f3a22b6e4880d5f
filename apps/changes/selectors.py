"""Reads over the change log that other parts of the service build on."""

from django.db.models import Max

from apps.changes.models import ChangeEvent


def latest_change_id() -> int:
    """The id of the newest change event (0 before any): a version of the whole dataset.

    Every write to a curated record appends an event in its own transaction (see
    models.py), so this number moves with every change a client could see, and a reader never
    sees it move before the change itself is visible. One indexed MAX() lookup.
    """
    return ChangeEvent.objects.aggregate(latest=Max("id"))["latest"] or 0
