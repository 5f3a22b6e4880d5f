"""Deposits and the resource estimates announced for them."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django_countries.fields import CountryField

from apps.core.geo import validate_subdivision
from apps.core.models import Citation, Searchable, TimeStampedModel
from apps.core.validators import range_validators, validate_positive
from apps.deposits.choices import (
    TONNES_PER_UNIT,
    DepositStatus,
    DepositType,
    EstimateCategory,
    Material,
    QuantityUnit,
)
from apps.deposits.querysets import DepositQuerySet, ResourceEstimateQuerySet

# ``from_queryset`` in this module, not ``DepositQuerySet.as_manager()`` (the same
# manager at run time): the django-stubs mypy plugin loses ``as_manager`` managers whose
# queryset module comes from the incremental cache (django-manager-missing).
DepositManager = models.Manager.from_queryset(DepositQuerySet)


class Deposit(Searchable, TimeStampedModel):
    """A mineral deposit: where it is, what it holds, how far it has got, who runs it.

    A deposit whose name no source confirms is still recorded (as an unnamed placeholder with
    an ``unconfirmed`` citation) rather than guessed.
    """

    slug = models.SlugField("slug", max_length=120, unique=True, help_text="Natural key.")
    name = models.CharField("name", max_length=200, db_index=True)
    country = CountryField("country", db_index=True)
    region = models.CharField(
        "region",
        max_length=8,
        blank=True,
        db_index=True,
        help_text="ISO 3166-2 subdivision of the country, e.g. IN-RJ for Rajasthan.",
    )
    locality = models.CharField("locality", max_length=200, blank=True)
    latitude = models.DecimalField(
        "latitude",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=range_validators(-90, 90, "Latitude"),
        help_text="Decimal degrees, -90 to 90 (WGS 84).",
    )
    longitude = models.DecimalField(
        "longitude",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=range_validators(-180, 180, "Longitude"),
        help_text="Decimal degrees, -180 to 180 (WGS 84).",
    )
    deposit_type = models.CharField(
        "deposit type", max_length=24, choices=DepositType.choices, db_index=True
    )
    status = models.CharField("status", max_length=16, choices=DepositStatus.choices, db_index=True)
    elements = models.ManyToManyField(
        "elements.Element", related_name="deposits", blank=True, verbose_name="elements"
    )
    operator = models.ForeignKey(
        "entities.Entity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operated_deposits",
        verbose_name="operator",
    )
    announced_on = models.DateField("announced on", null=True, blank=True, db_index=True)
    description = models.TextField("description", blank=True)

    objects = DepositManager()

    #: An estimate covering this deposit would lose it silently (see apps/core/deletion.py).
    delete_blocked_by: ClassVar[tuple[str, ...]] = ("estimates",)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "deposit"
        verbose_name_plural = "deposits"
        indexes = [models.Index(fields=["longitude", "latitude"], name="deposit_lon_lat")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="deposit_latitude_range",
                violation_error_message="Latitude must be between -90 and 90.",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="deposit_longitude_range",
                violation_error_message="Longitude must be between -180 and 180.",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="deposit_coordinates_together",
                violation_error_message="Give both latitude and longitude, or neither.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def search_terms(self) -> Iterable[str]:
        return (self.name, self.locality, self.slug)

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        try:
            validate_subdivision(self.region, str(self.country) if self.country else None)
        except ValidationError as error:
            errors["region"] = error
        if (self.latitude is None) != (self.longitude is None):
            missing = "latitude" if self.latitude is None else "longitude"
            errors[missing] = ValidationError(
                "Give both latitude and longitude, or neither.", code="coordinates_together"
            )
        if errors:
            raise ValidationError(errors)


ResourceEstimateManager = models.Manager.from_queryset(ResourceEstimateQuerySet)


class ResourceEstimate(Searchable, TimeStampedModel):
    """An announced quantity of material, for one deposit or several together.

    When a figure covers several deposits it is one estimate linked to all of them, so totals
    over deposits must count each estimate once.
    """

    slug = models.SlugField("slug", max_length=120, unique=True, help_text="Natural key.")
    deposits = models.ManyToManyField(
        Deposit,
        related_name="estimates",
        verbose_name="deposits",
        help_text="Every deposit the figure covers; one figure may cover several deposits.",
    )
    quantity = models.DecimalField(
        "quantity", max_digits=20, decimal_places=4, validators=[validate_positive]
    )
    unit = models.CharField("unit", max_length=4, choices=QuantityUnit.choices)
    quantity_tonnes = models.DecimalField(
        "quantity in tonnes",
        max_digits=26,
        decimal_places=4,
        editable=False,
        db_index=True,
        help_text="The quantity converted to tonnes, for comparison.",
    )
    material = models.CharField("material", max_length=8, choices=Material.choices, db_index=True)
    grade_percent = models.DecimalField(
        "grade (%)",
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=range_validators(0, 100, "The grade (%)"),
        help_text="Average grade of the material in the ore, 0 to 100.",
    )
    category = models.CharField(
        "category", max_length=16, choices=EstimateCategory.choices, db_index=True
    )
    as_of = models.DateField("as of", db_index=True, help_text="The date the figure applies to.")
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        related_name="resource_estimates",
        verbose_name="source",
        help_text="The document that states the figure.",
    )

    objects = ResourceEstimateManager()

    class Meta:
        ordering = ["-as_of", "id"]
        verbose_name = "resource estimate"
        verbose_name_plural = "resource estimates"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0),
                name="estimate_quantity_positive",
                violation_error_message="The quantity must be greater than zero.",
            ),
            models.CheckConstraint(
                condition=models.Q(grade_percent__isnull=True)
                | models.Q(grade_percent__gte=0, grade_percent__lte=100),
                name="estimate_grade_percent_range",
                violation_error_message="The grade must be between 0 and 100 percent.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} {self.unit} {self.material} ({self.category}, {self.as_of})"

    def search_terms(self) -> Iterable[str]:
        return (self.slug, self.material)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.quantity_tonnes = tonnes(self.quantity, self.unit)
        super().save(*args, **kwargs)


def tonnes(quantity: Decimal, unit: str) -> Decimal:
    """A quantity in tonnes, whatever unit it was announced in."""
    return Decimal(quantity) * TONNES_PER_UNIT[unit]


class DepositCitation(Citation):
    deposit = models.ForeignKey(Deposit, on_delete=models.CASCADE, related_name="citations")


class ResourceEstimateCitation(Citation):
    estimate = models.ForeignKey(
        ResourceEstimate, on_delete=models.CASCADE, related_name="citations"
    )
