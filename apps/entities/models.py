"""Entities: states, agencies, companies and institutes that sign agreements or are restricted."""

from collections.abc import Iterable

from django.db import models
from django_countries.fields import CountryField

from apps.core.models import Citation, Searchable, TimeStampedModel
from apps.core.validators import validate_no_parent_cycle
from apps.entities.choices import AliasKind, EndUserCategory, EntityKind
from apps.entities.querysets import EntityQuerySet

# ``from_queryset`` in this module, not ``EntityQuerySet.as_manager()`` (the same
# manager at run time): the django-stubs mypy plugin loses ``as_manager`` managers whose
# queryset module comes from the incremental cache (django-manager-missing).
EntityManager = models.Manager.from_queryset(EntityQuerySet)


class Entity(Searchable, TimeStampedModel):
    """An actor: a state ("Government of India"), a ministry, a company, a research body.

    ``parent`` forms a group tree (a subsidiary under its group, an agency under its
    government); a restriction on a parent reaches its subsidiaries.
    """

    slug = models.SlugField("slug", max_length=120, unique=True, help_text="Natural key.")
    name = models.CharField("name", max_length=300, db_index=True)
    kind = models.CharField("kind", max_length=32, choices=EntityKind.choices, db_index=True)
    country = CountryField("country", null=True, blank=True, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="parent entity",
        help_text="The group, ministry or government this entity belongs to.",
    )
    end_user_category = models.CharField(
        "end-user category",
        max_length=16,
        choices=EndUserCategory.choices,
        blank=True,
        db_index=True,
        help_text="What export rules that restrict by category (e.g. 'military end users in "
        "Japan') match this entity as. Empty: none.",
    )
    measures_verified_through = models.DateField(
        "measures verified through",
        null=True,
        blank=True,
        help_text="For an authority: the newest date for which curators checked its measures. "
        "Answers about later dates say the data is not verified that far.",
    )
    website = models.URLField("website", max_length=500, blank=True)
    description = models.TextField("description", blank=True)

    objects = EntityManager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "entity"
        verbose_name_plural = "entities"

    def __str__(self) -> str:
        return self.name

    def search_terms(self) -> Iterable[str]:
        aliases = self.aliases.values_list("name", flat=True) if self.pk else []
        return (self.name, self.slug, *aliases)

    def clean(self) -> None:
        validate_no_parent_cycle(self, "An entity")


class EntityAlias(TimeStampedModel):
    """Another name an entity is known by: an abbreviation (JAXA), a translation, a former name."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("name", max_length=300, db_index=True)
    kind = models.CharField("kind", max_length=16, choices=AliasKind.choices)

    class Meta:
        ordering = ["entity_id", "name"]
        verbose_name = "entity alias"
        verbose_name_plural = "entity aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "name"],
                name="entity_alias_unique_name",
                violation_error_message="This entity already has this alias.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EntityCitation(Citation):
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="citations")
