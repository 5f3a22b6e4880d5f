"""Sources: the documents every fact in the dataset cites."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models

from apps.core.models import Searchable, TimeStampedModel
from apps.sources.choices import SourceKind
from apps.sources.querysets import SourceQuerySet


def validate_seed_document_path(value: str) -> None:
    """A stored copy must be a relative path inside seeds/, never an absolute or parent path."""
    if value.startswith("/") or ".." in value.split("/"):
        raise ValidationError(
            "Enter a relative path under seeds/ (no leading '/' and no '..'), not %(value)s.",
            params={"value": value},
            code="invalid_document_path",
        )


# ``from_queryset`` in this module, not ``SourceQuerySet.as_manager()`` (the same
# manager at run time): the django-stubs mypy plugin loses ``as_manager`` managers whose
# queryset module comes from the incremental cache (django-manager-missing).
SourceManager = models.Manager.from_queryset(SourceQuerySet)


class Source(Searchable, TimeStampedModel):
    """A document (news report, official notice, legal text, dataset, report) cited as evidence."""

    slug = models.SlugField("slug", max_length=120, unique=True, help_text="Natural key.")
    title = models.CharField("title", max_length=400, db_index=True)
    publisher = models.CharField("publisher", max_length=200, blank=True)
    published_on = models.DateField("published on", null=True, blank=True, db_index=True)
    url = models.URLField("address", max_length=1000, blank=True)
    kind = models.CharField("kind", max_length=32, choices=SourceKind.choices, db_index=True)
    document = models.CharField(
        "stored copy",
        max_length=300,
        blank=True,
        validators=[validate_seed_document_path],
        help_text="Relative path under seeds/ of a stored copy of the document, if any.",
    )
    notes = models.TextField("notes", blank=True)

    objects = SourceManager()

    class Meta:
        ordering = ["-published_on", "slug"]
        verbose_name = "source"
        verbose_name_plural = "sources"

    def __str__(self) -> str:
        return self.title

    def search_terms(self) -> Iterable[str]:
        return (self.title, self.publisher, self.slug)
