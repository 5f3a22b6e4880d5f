"""record_apply: one validated write of a record, its many-to-many sets and nested parts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.core.services import record_apply
from apps.deposits.models import ResourceEstimate
from apps.deposits.services import ESTIMATE_PARTS
from tests.factories import DepositFactory, SourceFactory

pytestmark = pytest.mark.django_db

CITATIONS = ESTIMATE_PARTS[0]


def estimate_values(**changes: object) -> dict[str, object]:
    return {
        "slug": "india-hard-rock-2026-01-28",
        "quantity": Decimal("1.29"),
        "unit": "Mt",
        "material": "REO",
        "category": "unclassified",
        "as_of": datetime.date(2026, 1, 28),
        "source": SourceFactory(slug="rajya-sabha-reply"),
        **changes,
    }


def test_creates_a_record_with_a_required_foreign_key_and_its_parts() -> None:
    deposits = DepositFactory.create_batch(3)
    source = SourceFactory(slug="rajya-sabha-reply")

    written = record_apply(
        instance=ResourceEstimate(),
        values=estimate_values(),
        many={"deposits": deposits},
        parts={CITATIONS: [{"source": source, "confidence": "official", "note": "In situ."}]},
    )

    estimate = ResourceEstimate.objects.get()
    assert written is True
    assert estimate.source == source
    assert estimate.quantity_tonnes == Decimal(1_290_000)
    assert set(estimate.deposits.all()) == set(deposits)
    assert list(estimate.citations.values_list("source__slug", "note")) == [
        ("rajya-sabha-reply", "In situ.")
    ]


def test_unchanged_record_is_not_saved_again() -> None:
    deposits = DepositFactory.create_batch(2)
    source = SourceFactory(slug="rajya-sabha-reply")
    citation = {"source": source, "confidence": "official", "note": ""}
    values = estimate_values()
    record_apply(
        instance=ResourceEstimate(),
        values=values,
        many={"deposits": deposits},
        parts={CITATIONS: [citation]},
    )
    estimate = ResourceEstimate.objects.get()
    history = estimate.history.count()

    written = record_apply(
        instance=estimate, values=values, many={"deposits": deposits}, parts={CITATIONS: [citation]}
    )

    assert written is False
    assert estimate.history.count() == history


def test_invalid_nested_part_is_reported_under_its_path() -> None:
    source = SourceFactory(slug="rajya-sabha-reply")

    with pytest.raises(ValidationError) as caught:
        record_apply(
            instance=ResourceEstimate(),
            values=estimate_values(),
            many={"deposits": [DepositFactory()]},
            parts={CITATIONS: [{"source": source, "confidence": "certain", "note": ""}]},
        )

    assert caught.value.message_dict == {
        "citations.0.confidence": ["Value 'certain' is not a valid choice."]
    }
