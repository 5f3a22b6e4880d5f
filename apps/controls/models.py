"""Export-control measures, the elements they control and the entities they restrict.

Whether a measure is in force on a date is decided by one function only:
:mod:`apps.controls.selectors`.
"""

from collections.abc import Iterable
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django_countries.fields import CountryField

from apps.controls.choices import EndUse, MeasureKind
from apps.controls.querysets import ControlMeasureQuerySet
from apps.core.choices import Confidence
from apps.core.models import Citation, Searchable, TimeStampedModel
from apps.core.validators import date_order_constraint, validate_date_order
from apps.entities.choices import EndUserCategory

# ``from_queryset`` in this module, not ``ControlMeasureQuerySet.as_manager()`` (the same
# manager at run time): the django-stubs mypy plugin loses ``as_manager`` managers whose
# queryset module comes from the incremental cache (django-manager-missing).
ControlMeasureManager = models.Manager.from_queryset(ControlMeasureQuerySet)


def clause_field() -> models.CharField:
    """The clause of its measure a row belongs to: what a suspension can name on its own."""
    return models.CharField(
        "clause",
        max_length=16,
        blank=True,
        help_text="The measure's clause this row belongs to (e.g. '2'), so a suspension can "
        "name it. Empty: the measure as a whole.",
    )


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
    effective_from_confidence = models.CharField(
        "effective-from confidence",
        max_length=24,
        choices=Confidence.choices,
        blank=True,
        help_text="How sure the effective date is, when less sure than the measure's "
        "citations: 'unconfirmed' where no source gives the date and the field holds a "
        "stand-in (e.g. the announcement date). Empty: as the citations.",
    )
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
        help_text="For a suspension: the measures it suspends while in force. To suspend only "
        "some clauses of a measure, also list them under suspended clauses.",
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
    """An item a measure controls: an element, in which forms (metal, oxide, alloy, magnet...),
    or an item that is not an element, recorded as the measure names it (``item``) with no
    element, so that no answer claims an element the measure does not control."""

    measure = models.ForeignKey(
        ControlMeasure, on_delete=models.CASCADE, related_name="controlled_elements"
    )
    element = models.ForeignKey(
        "elements.Element",
        on_delete=models.PROTECT,
        related_name="controls",
        verbose_name="element",
        null=True,
        blank=True,
        help_text="Empty for an item that is not an element (e.g. artificial graphite anode "
        "materials, superhard materials, equipment): name it under item.",
    )
    item = models.CharField(
        "item",
        max_length=300,
        blank=True,
        help_text="The controlled item as the measure names it, when it is not an element.",
    )
    clause = clause_field()
    scope = models.CharField(
        "scope",
        max_length=500,
        blank=True,
        help_text="The forms covered: metal, alloys, oxides, compounds, magnets, technology...",
    )
    note = models.TextField("note", blank=True)

    class Meta:
        ordering = ["measure_id", "item", "element__atomic_number", "id"]
        verbose_name = "controlled element"
        verbose_name_plural = "controlled elements"
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "element"],
                name="element_control_unique",
                violation_error_message="This measure already controls this element.",
            ),
            models.CheckConstraint(
                condition=models.Q(element__isnull=False) | ~models.Q(item=""),
                name="element_control_names_an_item",
                violation_error_message="Name the element or, for anything else, the item.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.element_id or self.item} under {self.measure}"


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
    clause = clause_field()
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


class CategoryRestriction(TimeStampedModel):
    """A rule by which a measure restricts exports without naming anyone: to a destination
    country, to a category of end user there (military users), or for an end use.

    An entity falls under the rule when it is in ``destination_country`` (if set) and is of
    ``end_user_category`` (if set). A rule that names only an end use restricts exports for
    that use, whoever receives them, and matches no entity by itself.
    """

    measure = models.ForeignKey(
        ControlMeasure, on_delete=models.CASCADE, related_name="restricted_categories"
    )
    clause = clause_field()
    destination_country = CountryField(
        "destination country",
        blank=True,
        help_text="Exports to this country. Empty: to any country.",
    )
    end_user_category = models.CharField(
        "end-user category",
        max_length=16,
        choices=EndUserCategory.choices,
        blank=True,
        help_text="Exports to end users of this category. Empty: any end user.",
    )
    end_use = models.CharField(
        "end use",
        max_length=16,
        choices=EndUse.choices,
        blank=True,
        help_text="Exports for this end use, whoever the end user. Empty: any use.",
    )
    note = models.TextField("note", blank=True)

    class Meta:
        ordering = ["measure_id", "clause", "id"]
        verbose_name = "restricted category"
        verbose_name_plural = "restricted categories"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(destination_country="")
                | ~models.Q(end_user_category="")
                | ~models.Q(end_use=""),
                name="category_restriction_names_a_category",
                violation_error_message=(
                    "Name a destination country, an end-user category or an end use."
                ),
            ),
        ]

    def __str__(self) -> str:
        parts = [
            str(self.get_end_user_category_display()) if self.end_user_category else "",
            str(self.get_end_use_display()) if self.end_use else "",
            f"in {self.destination_country}" if self.destination_country else "",
        ]
        return f"{' / '.join(p for p in parts if p)} under {self.measure}"


class SuspendedClause(TimeStampedModel):
    """A clause that a suspension suspends: while the suspension is in force, the rows of that
    clause of ``measure`` are not, and, when the suspension also lists ``measure`` under
    ``suspends``, the rest of ``measure`` stays in force."""

    suspension = models.ForeignKey(
        ControlMeasure, on_delete=models.CASCADE, related_name="suspended_clauses"
    )
    measure = models.ForeignKey(
        ControlMeasure,
        on_delete=models.CASCADE,
        related_name="clause_suspensions",
        verbose_name="measure",
    )
    clause = models.CharField("clause", max_length=16, help_text="e.g. '2'.")

    class Meta:
        ordering = ["suspension_id", "measure_id", "clause"]
        verbose_name = "suspended clause"
        verbose_name_plural = "suspended clauses"
        constraints = [
            models.UniqueConstraint(
                fields=["suspension", "measure", "clause"],
                name="suspended_clause_unique",
                violation_error_message="This clause is already suspended here.",
            ),
        ]

    def __str__(self) -> str:
        return f"clause {self.clause} of {self.measure}"

    def clean(self) -> None:
        if not self.measure_id or not self.clause:
            return
        if self.clause not in measure_clauses(self.measure_id):
            raise ValidationError(
                {"clause": f"{self.measure} has no clause '{self.clause}'."}, code="no_clause"
            )


def measure_clauses(measure_id: int) -> set[str]:
    """The clauses a measure's rows name (a clause exists where a row belongs to it)."""
    return {
        clause
        for model in (ElementControl, EntityRestriction, CategoryRestriction)
        for clause in model.objects.filter(measure_id=measure_id)
        .exclude(clause="")
        .values_list("clause", flat=True)
    }


class ControlMeasureCitation(Citation):
    measure = models.ForeignKey(ControlMeasure, on_delete=models.CASCADE, related_name="citations")


class EntityRestrictionCitation(Citation):
    restriction = models.ForeignKey(
        EntityRestriction, on_delete=models.CASCADE, related_name="citations"
    )
