"""Control-measure admin: the "in force today" column and filter, and the suspends rule."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.controls.models import ControlMeasure
from tests.admin.conftest import AdminData, days_ago, make_measure
from tests.admin.helpers import admin_url, post_data

CHANGELIST = admin_url(ControlMeasure, "changelist")


def in_force_column(client: Client, **params: str) -> dict[str, bool]:
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return {measure.slug: measure.in_force for measure in response.context["cl"].result_list}


def test_in_force_today_column(curator_client: Client, admin_data: AdminData) -> None:
    assert in_force_column(curator_client) == {
        "licensing": True,
        "ban": False,  # suspended
        "suspension": True,
        "expired": False,  # ended yesterday
    }
    content = curator_client.get(CHANGELIST).content.decode()
    assert content.count('alt="True"') == 2
    assert content.count('alt="False"') == 2


def test_in_force_column_sorts(curator_client: Client, admin_data: AdminData) -> None:
    response = curator_client.get(CHANGELIST, {"o": "-7.1"})
    values = [measure.in_force for measure in response.context["cl"].result_list]
    assert values == [True, True, False, False]


def test_measure_named_by_two_suspensions_is_listed_once(
    curator_client: Client, admin_data: AdminData
) -> None:
    """One suspension in force, one not yet: the measure is listed once, not in force."""
    future = make_measure(admin_data.mofcom, "future-suspension", "suspension")
    future.effective_from = days_ago(-30)
    future.save()
    future.suspends.set([admin_data.ban])
    column = in_force_column(curator_client)
    listed = [m.slug for m in curator_client.get(CHANGELIST).context["cl"].result_list]
    assert listed.count("ban") == 1
    assert column["ban"] is False
    assert column["future-suspension"] is False


@pytest.mark.parametrize(
    ("value", "expected"),
    [("yes", {"licensing", "suspension"}), ("no", {"ban", "expired"})],
)
def test_in_force_today_filter(
    curator_client: Client, admin_data: AdminData, value: str, expected: set[str]
) -> None:
    assert set(in_force_column(curator_client, in_force_today=value)) == expected


def test_in_force_column_costs_no_query_per_row(
    curator_client: Client, admin_data: AdminData
) -> None:
    def changelist_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert curator_client.get(CHANGELIST).status_code == 200
        return len(queries)

    few = changelist_queries()  # 4 measures
    for number in range(4):
        make_measure(admin_data.mofcom, f"extra-{number}", "export_licensing")
    assert ControlMeasure.objects.count() == 8
    assert changelist_queries() == few


def test_suspension_without_suspends_is_refused(
    curator_client: Client, admin_data: AdminData
) -> None:
    data = post_data(curator_client.get(admin_url(ControlMeasure, "add")))
    data.update(
        slug="new-suspension",
        reference="Announcement 99",
        title="Suspension of nothing",
        authority=str(admin_data.mofcom.pk),
        kind="suspension",
        effective_from="2026-01-01",
    )
    response = curator_client.post(admin_url(ControlMeasure, "add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["suspends"] == ["A suspension must name at least one measure it suspends."]
    assert not ControlMeasure.objects.filter(slug="new-suspension").exists()


def test_measure_cannot_suspend_itself(curator_client: Client, admin_data: AdminData) -> None:
    url = admin_url(ControlMeasure, "change", admin_data.suspension.pk)
    data = post_data(curator_client.get(url))
    data["suspends"] = [str(admin_data.ban.pk), str(admin_data.suspension.pk)]
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["suspends"] == [
        "A measure cannot suspend itself."
    ]
    assert list(admin_data.suspension.suspends.all()) == [admin_data.ban]


def test_valid_suspension_is_saved(curator_client: Client, admin_data: AdminData) -> None:
    data = post_data(curator_client.get(admin_url(ControlMeasure, "add")))
    data.update(
        slug="new-suspension",
        reference="Announcement 100",
        title="Suspension of the licensing",
        authority=str(admin_data.mofcom.pk),
        kind="suspension",
        effective_from=str(days_ago(0)),
        suspends=[str(admin_data.licensing.pk)],
    )
    response = curator_client.post(admin_url(ControlMeasure, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert in_force_column(curator_client)["licensing"] is False
