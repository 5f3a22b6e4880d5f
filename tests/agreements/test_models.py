"""Agreement rules: date order (with the dates in the message), unique slugs and roles."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.agreements.models import Agreement
from tests.factories import AgreementFactory, AgreementPartyFactory

pytestmark = pytest.mark.django_db


def test_end_before_start_is_refused_naming_both_dates() -> None:
    agreement = AgreementFactory.build(
        effective_from=datetime.date(2025, 8, 29), effective_to=datetime.date(2025, 8, 28)
    )

    with pytest.raises(ValidationError) as caught:
        agreement.full_clean()

    assert caught.value.message_dict == {
        "effective_to": [
            "The end date (2025-08-28) must be on or after the start date (2025-08-29)."
        ]
    }


def test_end_before_start_is_refused_by_the_database() -> None:
    agreement = AgreementFactory(effective_from=datetime.date(2025, 8, 29))

    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(effective_to=datetime.date(2025, 1, 1))

    agreement.refresh_from_db()
    assert agreement.effective_to is None


def test_one_day_agreement_and_open_dates_are_accepted() -> None:
    day = datetime.date(2025, 8, 29)
    AgreementFactory.build(effective_from=day, effective_to=day).full_clean()
    AgreementFactory.build(effective_from=None, effective_to=day).full_clean()


def test_duplicate_slug_is_refused() -> None:
    AgreementFactory(slug="india-japan-moc-2025")
    duplicate = AgreementFactory.build(slug="india-japan-moc-2025")

    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()

    assert caught.value.message_dict == {"slug": ["Agreement with this Slug already exists."]}


def test_same_role_twice_for_one_entity_is_refused() -> None:
    party = AgreementPartyFactory(role="signatory")
    duplicate = AgreementPartyFactory.build(
        agreement=party.agreement, entity=party.entity, role="signatory"
    )

    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()

    assert caught.value.messages == ["This entity already has this role in the agreement."]
    AgreementPartyFactory.build(
        agreement=party.agreement, entity=party.entity, role="financier"
    ).full_clean()


def test_arrangement_under_a_framework() -> None:
    framework = AgreementFactory(kind="framework")
    talks = AgreementFactory(kind="other", status="under_discussion", parent=framework)

    assert list(framework.children.all()) == [talks]
