"""What a loader (the seed files, or a dataset importer) last wrote to a record.

Loaders and curators share the same records. To update a record only when its source entry
changed *and* nobody changed the record since, a loader must remember two things per record:
the entry it last applied (a hash) and the record's ``updated_at`` right after it wrote or
checked it. :mod:`apps.provenance.services` holds the rule that compares them.
"""

from django.db import models


class LoadedRecord(models.Model):
    """One record as a loader last left it: its dataset, upstream key, entry hash and version."""

    dataset = models.CharField(
        "dataset",
        max_length=64,
        help_text="Who loaded it: 'seeds', or the importer's dataset name.",
    )
    model_label = models.CharField("model", max_length=64, help_text="e.g. 'deposits.Deposit'.")
    key = models.CharField(
        "key", max_length=255, help_text="The record's natural key, or its upstream record id."
    )
    object_id = models.CharField("record id", max_length=64)
    entry_hash = models.CharField(
        "entry hash", max_length=64, help_text="SHA-256 of the entry as the loader last applied it."
    )
    record_version = models.DateTimeField(
        "record version",
        help_text="The record's 'updated at' when the loader last wrote or checked it; "
        "a later value means somebody else changed the record since.",
    )
    loaded_at = models.DateTimeField("loaded at", auto_now=True)

    class Meta:
        ordering = ["dataset", "model_label", "key"]
        verbose_name = "loaded record"
        verbose_name_plural = "loaded records"
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "model_label", "key"], name="loaded_record_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset}: {self.model_label} {self.key}"
