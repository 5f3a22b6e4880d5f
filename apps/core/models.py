"""Abstract building blocks of every curated model: timestamps, history and citations.

No domain model lives here. Each app declares a concrete ``<Model>Citation`` subclass of
:class:`Citation` with a foreign key named after the record it cites, so citations keep real
foreign keys (integrity, cascades, cheap prefetching) instead of a generic relation.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.choices import Confidence


class TimeStampedModel(models.Model):
    """A record that knows when it was created and last changed, and keeps its history."""

    created_at = models.DateTimeField("created at", auto_now_add=True)
    updated_at = models.DateTimeField("updated at", auto_now=True, db_index=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class Citation(models.Model):
    """A link from a record to a Source, saying how sure the source makes us and why."""

    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="source",
    )
    confidence = models.CharField(
        "confidence",
        max_length=24,
        choices=Confidence.choices,
        help_text="How firmly this source establishes the record.",
    )
    note = models.TextField(
        "note",
        blank=True,
        help_text="What the source says, or where it disagrees with other sources.",
    )

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.source_id} ({self.confidence})"
