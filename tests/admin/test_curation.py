"""Editing through the admin: model validation on forms, permissions, history of changes."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from apps.deposits.models import Deposit, ResourceEstimate
from apps.sources.models import Source
from tests.admin.conftest import AdminData
from tests.admin.helpers import admin_url, post_data


def deposit_form(client: Client, admin_data: AdminData, **changes: object) -> dict[str, object]:
    data = post_data(client.get(admin_url(Deposit, "add")))
    data.update(
        slug="new-deposit",
        name="New deposit",
        country="IN",
        deposit_type="hard_rock",
        status="reported",
        elements=["Dy"],
        operator=str(admin_data.company.pk),
    )
    data.update(changes)
    return data


def test_deposit_is_added(curator_client: Client, admin_data: AdminData) -> None:
    data = deposit_form(curator_client, admin_data, region="IN-RJ")
    response = curator_client.post(admin_url(Deposit, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    deposit = Deposit.objects.get(slug="new-deposit")
    assert [element.symbol for element in deposit.elements.all()] == ["Dy"]


def test_region_of_another_country_is_a_field_error(
    curator_client: Client, admin_data: AdminData
) -> None:
    data = deposit_form(curator_client, admin_data, region="CN-NM")
    response = curator_client.post(admin_url(Deposit, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["region"] == [
        "Region 'CN-NM' is not in country 'IN'."
    ]
    assert not Deposit.objects.filter(slug="new-deposit").exists()


def test_region_change_to_another_country_is_refused(
    curator_client: Client, admin_data: AdminData
) -> None:
    url = admin_url(Deposit, "change", admin_data.deposit.pk)
    data = post_data(curator_client.get(url))
    data["region"] = "JP-13"
    response = curator_client.post(url, data)
    assert "region" in response.context["adminform"].form.errors
    admin_data.deposit.refresh_from_db()
    assert admin_data.deposit.region == "IN-RJ"


def test_unchanged_change_form_writes_nothing(
    curator_client: Client, admin_data: AdminData
) -> None:
    """The deposit page, inlines included, submits back cleanly and leaves no trace."""
    url = admin_url(Deposit, "change", admin_data.deposit.pk)
    before = admin_data.deposit.history.count()
    response = curator_client.post(url, post_data(curator_client.get(url)))
    assert response.status_code == 302
    assert admin_data.deposit.estimates.get() == admin_data.estimate
    assert admin_data.deposit.history.count() == before
    deposit = Deposit.objects.get(pk=admin_data.deposit.pk)
    assert deposit.updated_at == admin_data.deposit.updated_at


def test_citation_and_estimate_are_added_on_the_deposit_page(
    curator_client: Client, admin_data: AdminData
) -> None:
    other = ResourceEstimate.objects.create(
        slug="odisha-2025",
        quantity=Decimal("3"),
        unit="kt",
        material="TREO",
        category="inferred",
        as_of=date(2025, 6, 1),
        source=admin_data.source,
    )
    other.deposits.set([admin_data.other_deposit])
    url = admin_url(Deposit, "change", admin_data.deposit.pk)
    page = curator_client.get(url)
    prefixes = [inline.formset.prefix for inline in page.context["inline_admin_formsets"]]
    assert prefixes == ["ResourceEstimate_deposits", "citations"]
    data = post_data(page)
    data |= {
        "ResourceEstimate_deposits-TOTAL_FORMS": "2",
        "ResourceEstimate_deposits-1-resourceestimate": str(other.pk),
        "citations-TOTAL_FORMS": "2",
        "citations-1-source": str(admin_data.source.pk),
        "citations-1-confidence": "unconfirmed",
        "citations-1-note": "Figure not confirmed by the operator.",
    }
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert set(admin_data.deposit.estimates.all()) == {admin_data.estimate, other}
    assert admin_data.deposit.citations.filter(confidence="unconfirmed").count() == 1
    # A change to its parts moves the record itself (updated_at, ETag, history).
    deposit = Deposit.objects.get(pk=admin_data.deposit.pk)
    assert deposit.updated_at > admin_data.deposit.updated_at
    assert deposit.history.latest().history_user.username == "curator"


def test_without_delete_permission_nothing_is_deleted(
    client: Client, reader: User, admin_data: AdminData
) -> None:
    reader.user_permissions.set(
        Permission.objects.filter(codename__in=["view_source", "change_source"])
    )
    client.force_login(reader)
    url = admin_url(Source, "delete", admin_data.source.pk)
    assert client.get(admin_url(Source, "change", admin_data.source.pk)).status_code == 200
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Source.objects.filter(pk=admin_data.source.pk).exists()


def test_reader_without_permissions_sees_nothing(
    client: Client, reader: User, admin_data: AdminData
) -> None:
    client.force_login(reader)
    assert client.get(admin_url(Deposit, "changelist")).status_code == 403
    assert client.get(admin_url(Deposit, "import")).status_code == 403


def test_history_records_admin_change_with_user(
    curator_client: Client, admin_data: AdminData
) -> None:
    url = admin_url(Deposit, "change", admin_data.deposit.pk)
    data = post_data(curator_client.get(url))
    data["status"] = "exploration"
    assert curator_client.post(url, data).status_code == 302

    latest = admin_data.deposit.history.latest()
    assert latest.history_user.username == "curator"
    assert latest.status == "exploration"

    history = curator_client.get(admin_url(Deposit, "history", admin_data.deposit.pk))
    assert history.status_code == 200
    content = history.content.decode()
    assert "curator" in content
    assert re.search(r"Status:</strong>\s*reported\s*&nbsp;&rarr;&nbsp;&nbsp;exploration", content)
    version = curator_client.get(
        admin_url(Deposit, "simple_history", admin_data.deposit.pk, latest.history_id)
    )
    assert version.status_code == 200


@pytest.mark.parametrize("which", ["deposit", "ban"])
def test_a_delete_that_would_change_another_record_is_refused(
    client: Client, admin_data: AdminData, which: str
) -> None:
    """A deposit an estimate covers, a measure a suspension suspends: the delete page lists
    what protects it and deleting (one, or in bulk from the change list) removes nothing."""
    client.force_login(User.objects.create_superuser("root", password="pw"))
    record = getattr(admin_data, which)
    model = type(record)
    url = admin_url(model, "delete", record.pk)

    page = client.get(url)
    assert page.status_code == 200
    assert "would require deleting the following protected related objects" in page.text
    assert client.post(url, {"post": "yes"}).status_code == 200
    bulk = client.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )
    assert bulk.status_code == 200
    assert model._default_manager.filter(pk=record.pk).exists()
