"""The periodic table, with what matters for critical minerals: rare-earth flags and uses."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models

from apps.core.models import Citation, Searchable, TimeStampedModel
from apps.core.validators import range_validators
from apps.elements.choices import ReeGroup
from apps.elements.querysets import ElementQuerySet

# ``from_queryset`` in this module, not ``ElementQuerySet.as_manager()`` (the same
# manager at run time): the django-stubs mypy plugin loses ``as_manager`` managers whose
# queryset module comes from the incremental cache (django-manager-missing).
ElementManager = models.Manager.from_queryset(ElementQuerySet)


class Element(Searchable, TimeStampedModel):
    """A chemical element. The symbol is the primary key, so relations store symbols directly."""

    symbol = models.CharField(
        "symbol",
        max_length=3,
        primary_key=True,
        help_text="Chemical symbol, case-sensitive (Dy, not DY).",
    )
    name = models.CharField("name", max_length=40, unique=True)
    atomic_number = models.PositiveSmallIntegerField(
        "atomic number", unique=True, validators=range_validators(1, 118, "The atomic number")
    )
    is_rare_earth = models.BooleanField("rare earth", default=False, db_index=True)
    # null, not "": the API contract says light, heavy or null.
    ree_group = models.CharField(  # noqa: DJ001
        "rare-earth group",
        max_length=8,
        choices=ReeGroup.choices,
        null=True,
        blank=True,
        db_index=True,
        help_text="USGS convention: light La-Gd; heavy Tb-Lu plus Y; scandium in neither.",
    )
    applications = models.JSONField(
        "applications",
        default=list,
        blank=True,
        help_text="Short phrases, e.g. 'NdFeB permanent magnets'.",
    )

    objects = ElementManager()

    natural_key_field = "symbol"

    class Meta:
        ordering = ["atomic_number"]
        verbose_name = "element"
        verbose_name_plural = "elements"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(atomic_number__gte=1, atomic_number__lte=118),
                name="element_atomic_number_range",
                violation_error_message="The atomic number must be between 1 and 118.",
            ),
            models.CheckConstraint(
                condition=models.Q(ree_group__isnull=True) | models.Q(is_rare_earth=True),
                name="element_ree_group_only_for_rare_earths",
                violation_error_message="Only a rare earth can be in the light or heavy group.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} ({self.name})"

    def search_terms(self) -> Iterable[str]:
        return (self.symbol, self.name)

    def clean(self) -> None:
        errors = {}
        if not isinstance(self.applications, list) or not all(
            isinstance(item, str) and item.strip() for item in self.applications
        ):
            errors["applications"] = "Enter a list of short non-empty phrases."
        if self.ree_group and not self.is_rare_earth:
            errors["ree_group"] = "Only a rare earth can be in the light or heavy group."
        if errors:
            raise ValidationError(errors)


class ElementCitation(Citation):
    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="citations")
