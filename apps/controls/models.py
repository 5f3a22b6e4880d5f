"""Export-control measures, the elements they control and the entities they restrict.

Whether a measure is in force on a date is decided by one function only:
:mod:`apps.controls.selectors`.
"""

from collections.abc import Iterable
from typing import ClassVar

from django.db import models

from apps.controls.choices import MeasureKind
from apps.controls.querysets import ControlMeasureQuerySet
from apps.core.models import Citation, Searchable, TimeStampedModel
from apps.core.validators import date_order_constraint, validate_date_order

# ``from_queryset`` in this module, not ``ControlMeasureQuerySet.as_manager()`` (the same
# manager at run time): the django-stubs mypy plugin loses ``as_manager`` managers whose
# queryset module comes from the incremental cache (django-manager-missing).
ControlMeasureManager = models.Manager.from_queryset(ControlMeasureQuerySet)


class ControlMeasure(Searchable, TimeStampedModel):
    """An official act that controls exports: licensing, a ban, an end-user list, a suspension.

    ``effective_to`` empty means open-ended. A ``suspension`` measure names the measures it
    suspends; while it is in force, they are not.
    """

    slug = models.SlugField("slug", max_length=120, unique=True, help_text="Natural key.")
    reference = models.CharField(
        "reference",
        max_length=200,
        db_index=True,
        help_text="The official number, e.g. 'MOFCOM Announcement No. 18 of 2025'.",
    )
    title = models.CharField("title", max_length=400, db_index=True)
    authority = models.ForeignKey(
        "entities.Entity",
        on_delete=models.PROTECT,
        related_name="issued_measures",
        verbose_name="authority",
        help_text="The body that issued the measure.",
    )
    kind = models.CharField("kind", max_length=24, choices=MeasureKind.choices, db_index=True)
    announced_on = models.DateField("announced on", null=True, blank=True, db_index=True)
    effective_from = models.DateField("effective from", db_index=True)
    effective_to = models.DateField(
        "effective to",
        null=True,
        blank=True,
        db_index=True,
        help_text="Last day in force (included). Empty: open-ended.",
    )
    suspends = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="suspended_by",
        blank=True,
        verbose_name="suspends",
        help_text="For a suspension: the measures it suspends while in force.",
    )
    summary = models.TextField("summary", blank=True)

    objects = ControlMeasureManager()

    #: A suspension would be left suspending nothing (see apps/core/deletion.py).
    delete_blocked_by: ClassVar[tuple[str, ...]] = ("suspended_by",)

    class Meta:
        ordering = ["-effective_from", "reference", "id"]
        verbose_name = "control measure"
        verbose_name_plural = "control measures"
        constraints = [date_order_constraint("measure")]

    def __str__(self) -> str:
        return self.reference

    def search_terms(self) -> Iterable[str]:
        return (self.reference, self.title, self.slug)

    def clean(self) -> None:
        validate_date_order(self.effective_from, self.effective_to)


class ElementControl(TimeStampedModel):
    """An element a measure controls, and in which forms (metal, oxide, alloy, magnet...)."""

    measure = models.ForeignKey(
        ControlMeasure, on_delete=models.CASCADE, related_name="controlled_elements"
    )
    element = models.ForeignKey(
        "elements.Element",
        on_delete=models.PROTECT,
        related_name="controls",
        verbose_name="element",
    )
    scope = models.CharField(
        "scope",
        max_length=500,
        blank=True,
        help_text="The forms covered: metal, alloys, oxides, compounds, magnets, technology...",
    )
    note = models.TextField("note", blank=True)

    class Meta:
        ordering = ["measure_id", "element__atomic_number"]
        verbose_name = "controlled element"
        verbose_name_plural = "controlled elements"
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "element"],
                name="element_control_unique",
                violation_error_message="This measure already controls this element.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.element_id} under {self.measure}"


class EntityRestriction(TimeStampedModel):
    """An entity a measure restricts (export control list, watch list, end-user ban)."""

    measure = models.ForeignKey(
        ControlMeasure, on_delete=models.CASCADE, related_name="restricted_entities"
    )
    entity = models.ForeignKey(
        "entities.Entity",
        on_delete=models.PROTECT,
        related_name="restrictions",
        verbose_name="entity",
    )
    note = models.TextField("note", blank=True)

    class Meta:
        ordering = ["measure_id", "id"]
        verbose_name = "restricted entity"
        verbose_name_plural = "restricted entities"
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "entity"],
                name="entity_restriction_unique",
                violation_error_message="This measure already restricts this entity.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} under {self.measure}"


class ControlMeasureCitation(Citation):
    measure = models.ForeignKey(ControlMeasure, on_delete=models.CASCADE, related_name="citations")


class EntityRestrictionCitation(Citation):
    restriction = models.ForeignKey(
        EntityRestriction, on_delete=models.CASCADE, related_name="citations"
    )
