"""International agreements on critical minerals and the parties to them."""

from collections.abc import Iterable

from django.db import models

from apps.agreements.choices import AgreementKind, AgreementStatus, PartyRole
from apps.agreements.querysets import AgreementQuerySet
from apps.core.models import Citation, Searchable, TimeStampedModel
from apps.core.validators import (
    date_order_constraint,
    validate_date_order,
    validate_no_parent_cycle,
)

# ``from_queryset`` in this module, not ``AgreementQuerySet.as_manager()`` (the same
# manager at run time): the django-stubs mypy plugin loses ``as_manager`` managers whose
# queryset module comes from the incremental cache (django-manager-missing).
AgreementManager = models.Manager.from_queryset(AgreementQuerySet)


class Agreement(Searchable, TimeStampedModel):
    """A memorandum, pact, framework, treaty or deal, from talks under way to terminated.

    ``parent`` links an arrangement to the framework it sits under (talks held under a
    memorandum, for instance).
    """

    slug = models.SlugField("slug", max_length=120, unique=True, help_text="Natural key.")
    title = models.CharField("title", max_length=300, db_index=True)
    kind = models.CharField("kind", max_length=24, choices=AgreementKind.choices, db_index=True)
    status = models.CharField(
        "status", max_length=24, choices=AgreementStatus.choices, db_index=True
    )
    signed_on = models.DateField("signed on", null=True, blank=True, db_index=True)
    effective_from = models.DateField("effective from", null=True, blank=True, db_index=True)
    effective_to = models.DateField("effective to", null=True, blank=True, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="parent agreement",
        help_text="The framework or memorandum this arrangement falls under.",
    )
    elements = models.ManyToManyField(
        "elements.Element", related_name="agreements", blank=True, verbose_name="elements"
    )
    deposits = models.ManyToManyField(
        "deposits.Deposit", related_name="agreements", blank=True, verbose_name="deposits"
    )
    summary = models.TextField("summary", blank=True)

    objects = AgreementManager()

    class Meta:
        ordering = ["-signed_on", "title", "id"]
        verbose_name = "agreement"
        verbose_name_plural = "agreements"
        constraints = [date_order_constraint("agreement")]

    def __str__(self) -> str:
        return self.title

    def search_terms(self) -> Iterable[str]:
        return (self.title, self.slug)

    def clean(self) -> None:
        validate_date_order(self.effective_from, self.effective_to)
        validate_no_parent_cycle(self, "An agreement")


class AgreementParty(TimeStampedModel):
    """An entity's role in an agreement: signatory, implementing agency, financier and so on."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    entity = models.ForeignKey(
        "entities.Entity",
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        verbose_name="entity",
    )
    role = models.CharField("role", max_length=24, choices=PartyRole.choices)

    class Meta:
        ordering = ["agreement_id", "id"]
        verbose_name = "agreement party"
        verbose_name_plural = "agreement parties"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "entity", "role"],
                name="agreement_party_unique_role",
                violation_error_message="This entity already has this role in the agreement.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} ({self.role})"


class AgreementCitation(Citation):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="citations")
