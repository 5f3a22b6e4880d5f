"""Deletes that would quietly break another record are refused, whichever door they come by.

A foreign key can say ``on_delete=PROTECT``; a many-to-many link cannot: deleting one end just
drops the link. For some links that silently changes what the other record says (an estimate
left covering no deposit, or fewer deposits than its figure was announced for; a suspension
left suspending nothing). Such a model names those reverse accessors in
``delete_blocked_by``; deleting it while they are non-empty raises Django's
``RestrictedError``, which the API answers with a 409 and the admin lists as protected.
"""

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.deletion import RestrictedError
from django.db.models.signals import pre_delete


def blocking_references(instance: models.Model) -> list[models.Model]:
    """The records whose meaning deleting ``instance`` would change."""
    names: tuple[str, ...] = getattr(type(instance), "delete_blocked_by", ())
    return [obj for name in names for obj in getattr(instance, name).all()]


def refuse_blocked_delete(
    sender: type[models.Model], instance: models.Model, **kwargs: Any
) -> None:
    blocking = blocking_references(instance)
    if blocking:
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
        raise RestrictedError(
            f"Cannot delete {instance._meta.verbose_name} {instance}: "
            f"{', '.join(kinds)} still refer to it.",
            set(blocking),
        )


def connect_delete_guards() -> None:
    """Connect the guard to every model that declares ``delete_blocked_by`` (only those, so
    other models keep Django's fast delete path)."""
    for model in apps.get_models():
        if getattr(model, "delete_blocked_by", ()):
            pre_delete.connect(
                refuse_blocked_delete, sender=model, dispatch_uid=f"delete-guard:{model._meta}"
            )
