"""Import/export by natural key: round trips, all-or-nothing imports, the admin's import."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
import tablib
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from apps.controls.models import ControlMeasure
from apps.controls.resources import ControlMeasureResource
from apps.core.resources import NaturalKeyResource
from apps.deposits.models import Deposit, ResourceEstimate
from apps.deposits.resources import DepositResource, ResourceEstimateResource
from apps.elements.resources import ElementResource
from apps.entities.resources import EntityResource
from tests.admin.conftest import AdminData
from tests.admin.helpers import admin_url


def export_rows(resource: NaturalKeyResource) -> dict[str, dict[str, str]]:
    """The resource's CSV export, as rows by slug."""
    return {row["slug"]: row for row in csv.DictReader(io.StringIO(resource.export().csv))}


def to_dataset(rows: dict[str, dict[str, str]]) -> tablib.Dataset:
    """Rows written out as CSV and read back, as an uploaded file would be."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(next(iter(rows.values()))))
    writer.writeheader()
    writer.writerows(rows.values())
    return tablib.Dataset().load(out.getvalue(), format="csv")


def history_rows() -> int:
    return Deposit.history.count()


def test_deposits_export_by_natural_key(admin_data: AdminData) -> None:
    rows = export_rows(DepositResource())
    assert rows["rajasthan-ree"]["elements"] == "Nd,Dy"  # by symbol, periodic-table order
    assert rows["rajasthan-ree"]["operator"] == "ire"
    assert rows["rajasthan-ree"]["country"] == "IN"
    assert rows["odisha-sands"]["operator"] == ""
    assert "id" not in rows["rajasthan-ree"]


def test_deposits_round_trip_changes_nothing(admin_data: AdminData) -> None:
    before = history_rows()
    result = DepositResource().import_data(to_dataset(export_rows(DepositResource())))
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 2
    assert result.totals["update"] == 0
    assert history_rows() == before


def test_modified_import_lands(admin_data: AdminData) -> None:
    rows = export_rows(DepositResource())
    rows["odisha-sands"]["status"] = "feasibility"
    rows["rajasthan-ree"]["elements"] = "Dy"
    rows["new-deposit"] = rows["rajasthan-ree"] | {
        "slug": "new-deposit",
        "name": "New",
        "operator": "mofcom",
    }
    result = DepositResource().import_data(to_dataset(rows))
    assert not result.has_errors() and not result.has_validation_errors()
    assert (result.totals["new"], result.totals["update"]) == (1, 2)
    assert Deposit.objects.get(slug="odisha-sands").status == "feasibility"
    assert [e.symbol for e in Deposit.objects.get(slug="rajasthan-ree").elements.all()] == ["Dy"]
    new = Deposit.objects.get(slug="new-deposit")
    assert new.operator == admin_data.mofcom
    assert [e.symbol for e in new.elements.all()] == ["Dy"]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("latitude", "200", "Latitude must be between -90 and 90"),
        ("region", "CN-NM", "Region 'CN-NM' is not in country 'IN'."),
        ("operator", "no-such-entity", "No entity with slug 'no-such-entity'."),
        ("elements", "Dy,Xx", "No element with symbol Xx."),
        ("deposit_type", "volcano", "Value 'volcano' is not a valid choice."),
    ],
)
def test_a_bad_row_imports_nothing(
    admin_data: AdminData, column: str, value: str, message: str
) -> None:
    rows = export_rows(DepositResource())
    rows["odisha-sands"]["status"] = "feasibility"  # a good change...
    rows["rajasthan-ree"][column] = value  # ...and a bad one
    before = history_rows()
    result = DepositResource().import_data(to_dataset(rows))
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.values[0] == "rajasthan-ree"
    assert message in str(invalid.error)
    assert Deposit.objects.get(slug="odisha-sands").status == "producing"
    deposit = Deposit.objects.get(slug="rajasthan-ree")
    assert deposit.latitude == admin_data.deposit.latitude
    assert deposit.region == "IN-RJ"
    assert deposit.elements.count() == 2
    assert history_rows() == before


def test_estimate_round_trip_and_tonnes(admin_data: AdminData) -> None:
    rows = export_rows(ResourceEstimateResource())
    row = rows["rajasthan-2026"]
    assert set(row["deposits"].split(",")) == {"odisha-sands", "rajasthan-ree"}
    assert row["source"] == "news-rare-earths"
    assert Decimal(row["quantity_tonnes"]) == 1_200_000
    result = ResourceEstimateResource().import_data(to_dataset(rows))
    assert result.totals["skip"] == 1

    rows["rajasthan-2026"] |= {"unit": "kt", "quantity_tonnes": "1"}
    result = ResourceEstimateResource().import_data(to_dataset(rows))
    assert not result.has_validation_errors()
    assert ResourceEstimate.objects.get().quantity_tonnes == 1200  # recomputed, not read


def test_nullable_fields_round_trip(admin_data: AdminData) -> None:
    """Empty cells of nullable fields (an element's group, an entity's country) mean null."""
    for resource in (ElementResource(), EntityResource()):
        result = resource.import_data(resource.export())
        assert not result.has_validation_errors(), result.invalid_rows
        assert result.totals["update"] == 0


def test_measure_import_applies_the_suspends_rule(admin_data: AdminData) -> None:
    rows = export_rows(ControlMeasureResource())
    assert rows["suspension"]["suspends"] == "ban"
    rows["suspension"]["suspends"] = ""
    result = ControlMeasureResource().import_data(to_dataset(rows))
    assert result.has_validation_errors()
    assert "A suspension must name at least one measure" in str(result.invalid_rows[0].error)
    assert list(ControlMeasure.objects.get(slug="suspension").suspends.all()) == [admin_data.ban]


def test_admin_import_records_the_curator(
    client: Client, curator: User, admin_data: AdminData
) -> None:
    client.force_login(curator)
    rows = export_rows(DepositResource())
    rows["odisha-sands"]["status"] = "closed"
    upload = SimpleUploadedFile("deposits.csv", to_dataset(rows).csv.encode(), "text/csv")
    confirm = client.post(
        admin_url(Deposit, "import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )
    assert confirm.status_code == 200
    result = confirm.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert Deposit.objects.get(slug="odisha-sands").status == "producing"  # dry run only

    done = client.post(
        admin_url(Deposit, "process_import"), confirm.context["confirm_form"].initial
    )
    assert done.status_code == 302
    odisha = Deposit.objects.get(slug="odisha-sands")
    assert odisha.status == "closed"
    assert odisha.history.latest().history_user == curator


def test_admin_import_with_a_bad_row_offers_no_confirmation(
    client: Client, curator: User, admin_data: AdminData
) -> None:
    client.force_login(curator)
    rows = export_rows(DepositResource())
    rows["odisha-sands"]["status"] = "closed"
    rows["rajasthan-ree"]["latitude"] = "200"
    upload = SimpleUploadedFile("deposits.csv", to_dataset(rows).csv.encode(), "text/csv")
    response = client.post(
        admin_url(Deposit, "import"), {"resource": "0", "format": "0", "import_file": upload}
    )
    assert response.status_code == 200
    assert response.context["result"].has_validation_errors()
    assert "confirm_form" not in response.context
    assert "Latitude must be between -90 and 90" in response.content.decode()
    assert Deposit.objects.get(slug="odisha-sands").status == "producing"


@pytest.mark.parametrize(
    ("format_index", "content_type"),
    [
        ("0", "text/csv"),
        ("1", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("2", "application/json"),
    ],
    ids=["csv", "xlsx", "json"],
)
def test_admin_export(
    client: Client, curator: User, admin_data: AdminData, format_index: str, content_type: str
) -> None:
    client.force_login(curator)
    fields = ("slug", "elements", "operator")
    response = client.post(
        admin_url(Deposit, "export"),
        {"resource": "0", "format": format_index, **{f"depositresource_{f}": "on" for f in fields}},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    dataset = tablib.Dataset().load(
        response.content if format_index == "1" else response.content.decode(),
        format={"0": "csv", "1": "xlsx", "2": "json"}[format_index],
    )
    rows = {row["slug"]: row for row in dataset.dict}
    assert rows["rajasthan-ree"]["elements"] == "Nd,Dy"
    assert rows["rajasthan-ree"]["operator"] == "ire"
