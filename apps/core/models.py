"""Abstract building blocks of every curated model: timestamps, history and citations.

No domain model lives here. Each app declares a concrete ``<Model>Citation`` subclass of
:class:`Citation` with a foreign key named after the record it cites, so citations keep real
foreign keys (integrity, cascades, cheap prefetching) instead of a generic relation.
"""

from collections.abc import Iterable
from typing import Any

from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.choices import Confidence
from apps.core.text import fold


class TimeStampedModel(models.Model):
    """A record that knows when it was created and last changed, and keeps its history."""

    created_at = models.DateTimeField("created at", auto_now_add=True)
    updated_at = models.DateTimeField("updated at", auto_now=True, db_index=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class Searchable(models.Model):
    """A record findable by ``q``: ``search_text`` holds its folded names, kept up to date on save.

    Subclasses list what is searchable in :meth:`search_terms`; parts saved after the record
    (aliases) call :meth:`refresh_search_text`.
    """

    search_text = models.TextField("search text", blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.compute_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def search_terms(self) -> Iterable[str]:
        raise NotImplementedError

    def compute_search_text(self) -> str:
        return "\n".join(fold(term) for term in self.search_terms() if term)

    def refresh_search_text(self) -> None:
        """Recompute after related parts changed, without a new history row."""
        type(self)._default_manager.filter(pk=self.pk).update(
            search_text=self.compute_search_text()
        )


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
