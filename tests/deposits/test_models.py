"""Deposit and ResourceEstimate rules, as a curator meets them (full_clean) and as the database
holds them when validation is bypassed (QuerySet.update, save without clean)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.deposits.models import Deposit, ResourceEstimate
from tests.factories import DepositFactory, ResourceEstimateFactory, SourceFactory

pytestmark = pytest.mark.django_db


def validation_errors(instance: Deposit | ResourceEstimate) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("latitude", Decimal(200), "Latitude must be between -90 and 90"),
        ("latitude", Decimal("-90.00001"), "Latitude must be between -90 and 90"),
        ("longitude", Decimal(-181), "Longitude must be between -180 and 180"),
        ("longitude", Decimal("180.5"), "Longitude must be between -180 and 180"),
    ],
)
def test_coordinate_out_of_range_is_refused_on_its_field(
    field: str, value: Decimal, expected: str
) -> None:
    coordinates = {"latitude": Decimal(26), "longitude": Decimal(75), field: value}
    deposit = DepositFactory.build(**coordinates)

    errors = validation_errors(deposit)

    assert list(errors) == [field]
    assert expected in errors[field][0]
    assert f"; {value} is out of range." in errors[field][0]


@pytest.mark.parametrize(("field", "value"), [("latitude", 200), ("longitude", -181)])
def test_coordinate_out_of_range_is_refused_by_the_database(field: str, value: int) -> None:
    deposit = DepositFactory(latitude=Decimal(26), longitude=Decimal(75))

    with pytest.raises(IntegrityError), transaction.atomic():
        Deposit.objects.filter(pk=deposit.pk).update(**{field: Decimal(value)})
    setattr(deposit, field, Decimal(value))
    with pytest.raises(IntegrityError), transaction.atomic():
        deposit.save()

    deposit.refresh_from_db()
    assert (deposit.latitude, deposit.longitude) == (Decimal(26), Decimal(75))


def test_coordinates_on_the_edges_are_accepted() -> None:
    deposit = DepositFactory.build(latitude=Decimal(-90), longitude=Decimal(180))

    deposit.full_clean()


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(Decimal("26.9"), None), (None, Decimal("75.8"))]
)
def test_half_coordinates_are_refused(latitude: Decimal | None, longitude: Decimal | None) -> None:
    deposit = DepositFactory.build(latitude=latitude, longitude=longitude)

    errors = validation_errors(deposit)

    missing = "latitude" if latitude is None else "longitude"
    assert errors == {missing: ["Give both latitude and longitude, or neither."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        deposit.save()
    assert not Deposit.objects.exists()


def test_region_of_another_country_is_refused_naming_both() -> None:
    deposit = DepositFactory.build(country="JP", region="IN-RJ")

    errors = validation_errors(deposit)

    assert errors == {"region": ["Region 'IN-RJ' is not in country 'JP'."]}


def test_unknown_region_is_refused_naming_it() -> None:
    deposit = DepositFactory.build(country="IN", region="IN-XX")

    errors = validation_errors(deposit)

    assert list(errors) == ["region"]
    assert "'IN-XX' is not an ISO 3166-2 subdivision code" in errors["region"][0]


def test_region_of_its_country_and_empty_region_are_accepted() -> None:
    DepositFactory.build(country="IN", region="IN-GJ").full_clean()
    DepositFactory.build(country="IN", region="").full_clean()


def test_unknown_country_code_is_refused_naming_it() -> None:
    deposit = DepositFactory.build(country="XX", region="")

    errors = validation_errors(deposit)

    assert list(errors) == ["country"]
    assert "'XX'" in errors["country"][0]


def test_duplicate_slug_is_refused() -> None:
    DepositFactory(slug="ambadungar")
    duplicate = DepositFactory.build(slug="ambadungar")

    errors = validation_errors(duplicate)

    assert errors == {"slug": ["Deposit with this Slug already exists."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert Deposit.objects.filter(slug="ambadungar").count() == 1


@pytest.mark.parametrize("quantity", [Decimal(0), Decimal("-1.5")])
def test_quantity_not_above_zero_is_refused(quantity: Decimal) -> None:
    estimate = ResourceEstimateFactory.build(quantity=quantity, source=SourceFactory())

    errors = validation_errors(estimate)

    assert errors == {"quantity": [f"Must be greater than zero, not {quantity}."]}


@pytest.mark.parametrize("quantity", [Decimal(0), Decimal("-1.5")])
def test_quantity_not_above_zero_is_refused_by_the_database(quantity: Decimal) -> None:
    estimate = ResourceEstimateFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceEstimate.objects.filter(pk=estimate.pk).update(quantity=quantity)

    estimate.refresh_from_db()
    assert estimate.quantity == Decimal("1.29")


def test_grade_above_100_percent_is_refused() -> None:
    estimate = ResourceEstimateFactory.build(grade_percent=Decimal(101), source=SourceFactory())

    errors = validation_errors(estimate)

    assert errors == {
        "grade_percent": ["The grade (%) must be between 0 and 100; 101 is out of range."]
    }


def test_grade_above_100_percent_is_refused_by_the_database() -> None:
    estimate = ResourceEstimateFactory(grade_percent=Decimal("2.5"))

    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceEstimate.objects.filter(pk=estimate.pk).update(grade_percent=Decimal(101))

    estimate.refresh_from_db()
    assert estimate.grade_percent == Decimal("2.5")


def test_a_valid_estimate_passes_validation() -> None:
    estimate = ResourceEstimateFactory.build(grade_percent=Decimal(100), source=SourceFactory())

    estimate.full_clean()


@pytest.mark.parametrize(
    ("quantity", "unit", "tonnes"),
    [
        (Decimal("12.5"), "t", Decimal("12.5")),
        (Decimal("36.945"), "kt", Decimal(36_945)),
        (Decimal("1.29"), "Mt", Decimal(1_290_000)),
    ],
)
def test_quantity_in_tonnes_is_computed_from_the_unit(
    quantity: Decimal, unit: str, tonnes: Decimal
) -> None:
    estimate = ResourceEstimateFactory(quantity=quantity, unit=unit)

    estimate.refresh_from_db()
    assert estimate.quantity_tonnes == tonnes


def test_quantity_in_tonnes_follows_a_change_of_unit() -> None:
    estimate = ResourceEstimateFactory(quantity=Decimal("1.29"), unit="Mt")

    estimate.unit = "kt"
    estimate.save()

    estimate.refresh_from_db()
    assert estimate.quantity_tonnes == Decimal(1_290)


def test_one_estimate_may_cover_several_deposits() -> None:
    first, second, third = DepositFactory.create_batch(3)

    estimate = ResourceEstimateFactory(deposits=[first, second, third])

    assert set(estimate.deposits.all()) == {first, second, third}
    assert list(first.estimates.all()) == [estimate]
