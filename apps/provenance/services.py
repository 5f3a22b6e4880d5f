"""The rule that lets loaders and curators share records: a loader never overwrites a curator.

A loader (``manage.py seed``, a dataset importer) applies an entry to the record with the same
key only when the entry changed since the loader last applied it **and** nobody changed the
record since the loader last wrote it. Which of the two changed is read from the record's
:class:`~apps.provenance.models.LoadedRecord`:

============================  ================  =======================================
record                        entry             outcome
============================  ================  =======================================
missing, never loaded         any               ``created``
missing, loaded before        any               ``withheld``: a curator deleted it; reported
as the loader left it         same              ``unchanged``
as the loader left it         changed           ``updated``
changed since                 same              ``kept``: the curator's version stays
changed since                 changed           ``conflict``: reported with the fields, kept
exists, never loaded          any               the same as "changed since", unless only
                                                loaders (no user) ever wrote it: ``updated``
============================  ================  =======================================

A conflict or unknown record whose values already equal the entry is simply adopted
(``unchanged``). ``force`` applies every entry and brings deleted records back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.db import models

from apps.provenance.models import LoadedRecord


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEPT = "kept"
    CONFLICT = "conflict"
    WITHHELD = "withheld"


class Step(StrEnum):
    """What the loader must do next for one entry (see :func:`load_step`)."""

    CREATE = "create"
    APPLY = "apply"
    SKIP_UNCHANGED = "skip_unchanged"
    SKIP_KEPT = "skip_kept"
    SKIP_WITHHELD = "skip_withheld"
    #: Both sides may have changed: apply only if the record still equals the entry (adopt)
    #: or nobody but loaders ever wrote it; otherwise report a conflict.
    RECONCILE = "reconcile"


def entry_hash(entry: Any) -> str:
    """A stable hash of an entry as read from its file (key order does not matter)."""
    text = json.dumps(entry, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_step(
    *,
    loaded: LoadedRecord | None,
    entry_hash: str,
    record_version: datetime | None,
    force: bool,
) -> Step:
    """The rule of the module docstring, for one entry: ``record_version`` is the record's
    ``updated_at`` (None when there is no record)."""
    if record_version is None:
        return Step.CREATE if loaded is None or force else Step.SKIP_WITHHELD
    if force:
        return Step.APPLY
    if loaded is None:
        return Step.RECONCILE
    entry_changed = loaded.entry_hash != entry_hash
    record_changed = loaded.record_version != record_version
    if not entry_changed:
        return Step.SKIP_KEPT if record_changed else Step.SKIP_UNCHANGED
    return Step.RECONCILE if record_changed else Step.APPLY


def written_by_loaders_only(instance: models.Model) -> bool:
    """Whether every history row of ``instance`` was written without a user (a loader or a
    migration): such a record predates provenance tracking but no curator touched it."""
    history = getattr(instance, "history", None)
    if history is None:
        return False
    return not history.filter(history_user__isnull=False).exists()


@dataclass
class LoadedRecords:
    """A dataset's provenance rows for one model, read once, written back as entries load."""

    dataset: str
    model: type[models.Model]
    by_key: dict[str, LoadedRecord]

    @classmethod
    def read(cls, *, dataset: str, model: type[models.Model]) -> LoadedRecords:
        rows = LoadedRecord.objects.filter(dataset=dataset, model_label=model._meta.label)
        return cls(dataset, model, {row.key: row for row in rows})

    def get(self, key: str) -> LoadedRecord | None:
        return self.by_key.get(key)

    def mark(self, *, key: str, instance: models.Model, entry_hash: str) -> None:
        """Remember that ``instance`` now matches the entry with ``entry_hash``."""
        version = instance.updated_at  # type: ignore[attr-defined]
        row = self.by_key.get(key)
        if row is None:
            self.by_key[key] = LoadedRecord.objects.create(
                dataset=self.dataset,
                model_label=self.model._meta.label,
                key=key,
                object_id=instance.pk,
                entry_hash=entry_hash,
                record_version=version,
            )
        elif (row.object_id, row.entry_hash, row.record_version) != (
            instance.pk,
            entry_hash,
            version,
        ):
            row.object_id, row.entry_hash, row.record_version = instance.pk, entry_hash, version
            row.save(update_fields=["object_id", "entry_hash", "record_version", "loaded_at"])

    def keys_withheld(self, present: Iterable[str]) -> set[str]:
        """Keys loaded before whose records are gone: deleted by a curator."""
        return set(self.by_key) - set(present)
