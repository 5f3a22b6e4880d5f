"""List filters built on the in-force rule: control measures ``in_force_on`` and entities
``restricted`` (+ ``as_of``), checked on the real dataset of seeds/ and on factory data."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from apps.core.testing import assert_error, with_params
from apps.entities.models import Entity
from tests.factories import ControlMeasureFactory, EntityFactory, EntityRestrictionFactory

pytestmark = pytest.mark.django_db

D = datetime.date
MEASURES = "/api/v1/control-measures/"
ENTITIES = "/api/v1/entities/"

#: Entities listed by name in MOFCOM No. 11 of 2026 that sit under Mitsubishi Heavy Industries.
MHI_SUBSIDIARIES = frozenset(
    {
        "mhi-shipbuilding",
        "mhi-aero-engines",
        "mhi-marine-machinery-equipment",
        "mhi-engine-turbocharger",
        "mhi-maritime-systems",
    }
)


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def seeded(db: None) -> None:
    """The real dataset of seeds/, loaded into the test database (about two seconds)."""
    call_command("seed", stdout=io.StringIO())


def listed(api: APIClient, url: str, params: Any) -> list[dict[str, Any]]:
    response = api.get(with_params(url, {**params, "limit": 1000}))
    assert response.status_code == 200, response.content[:2000]
    body = response.json()
    assert body["count"] == len(body["results"])
    return body["results"]


def slugs(rows: list[dict[str, Any]]) -> set[str]:
    return {row["slug"] for row in rows}


# --- control measures: in_force_on ---------------------------------------------------------


def test_measures_in_force_on_2026_03_01(api: APIClient, seeded: None) -> None:
    in_force = slugs(listed(api, MEASURES, {"in_force_on": "2026-03-01"}))

    assert in_force == {
        "mofcom-2024-46",  # clause 2 suspended by No. 72; clause 1 in force
        "mofcom-2025-72",
        "mofcom-2025-18",
        "mofcom-2025-70",
        "mofcom-2026-1",
        "mofcom-2026-11",
        "mofcom-2026-12",
    }
    assert "mofcom-2025-57" not in in_force  # suspended by No. 70

    # After No. 70 ends, the October 2025 package applies.
    later = slugs(listed(api, MEASURES, {"in_force_on": "2026-11-11"}))
    assert "mofcom-2025-57" in later
    assert "mofcom-2025-70" not in later
    # Before anything: nothing.
    assert listed(api, MEASURES, {"in_force_on": "2024-12-02"}) == []


def test_in_force_on_combines_with_other_filters(api: APIClient, db: None) -> None:
    suspended = ControlMeasureFactory(effective_from=D(2025, 10, 9))
    ControlMeasureFactory(suspension=True, effective_from=D(2025, 11, 7), suspends=[suspended])
    ban = ControlMeasureFactory(kind="export_ban", effective_from=D(2026, 1, 6))

    rows = listed(api, MEASURES, {"in_force_on": "2026-03-01", "kind": "export_ban"})

    assert [row["id"] for row in rows] == [ban.pk]
    assert listed(api, MEASURES, {"in_force_on": "2026-03-01", "kind": "export_licensing"}) == []


@pytest.mark.parametrize("value", ["2026-02-30", "tomorrow", "2026-3-1x", "20260301"])
def test_bad_in_force_on_is_a_400(api: APIClient, db: None, value: str) -> None:
    response = api.get(MEASURES, {"in_force_on": value})

    assert_error(response, 400, "in_force_on")


def test_in_force_on_given_twice_is_a_400(api: APIClient, db: None) -> None:
    response = api.get(
        with_params(MEASURES, [("in_force_on", "2026-03-01"), ("in_force_on", "2026-03-02")])
    )

    assert_error(response, 400, "in_force_on")


# --- entities: restricted + as_of ------------------------------------------------------------


def test_restricted_entities_on_2026_03_01(api: APIClient, seeded: None) -> None:
    restricted = slugs(listed(api, ENTITIES, {"restricted": "true", "as_of": "2026-03-01"}))
    others = slugs(listed(api, ENTITIES, {"restricted": "false", "as_of": "2026-03-01"}))

    assert "jaxa" in restricted
    assert {"japan-ministry-of-defense", "japan-self-defense-forces"} <= restricted
    assert restricted >= MHI_SUBSIDIARIES
    assert "subaru" in restricted  # on the Watch List (No. 12): listed, if not barred
    assert "mhi" not in restricted  # the group parent is not itself listed
    assert "government-of-japan" not in restricted  # JAXA's parent: inheritance runs down only
    assert restricted.isdisjoint(others)
    assert restricted | others == set(Entity.objects.values_list("slug", flat=True))
    assert "jaxa" not in others
    assert others.isdisjoint(MHI_SUBSIDIARIES)
    assert "mhi" in others

    # The day before the 2026 lists nothing is restricted; on their first day JAXA is.
    before = slugs(listed(api, ENTITIES, {"restricted": "true", "as_of": "2026-02-23"}))
    on_the_day = slugs(listed(api, ENTITIES, {"restricted": "true", "as_of": "2026-02-24"}))
    assert "jaxa" not in before
    # Only the military end users No. 1 of 2026 (in force since 6 January) covers by category.
    assert before == {"japan-ministry-of-defense", "japan-self-defense-forces"}
    assert "jaxa" in on_the_day


@pytest.fixture
def group(db: None) -> dict[str, Entity]:
    parent = EntityFactory(slug="heavy-industries", name="Example Heavy Industries, Ltd.")
    child = EntityFactory(slug="heavy-shipbuilding", name="Example Shipbuilding", parent=parent)
    grandchild = EntityFactory(slug="heavy-marine", name="Example Marine", parent=child)
    unrelated = EntityFactory(slug="unrelated", name="Unrelated Trading")
    EntityRestrictionFactory(
        entity=parent,
        measure=ControlMeasureFactory(kind="end_user_restriction", effective_from=D(2026, 2, 24)),
    )
    return {"parent": parent, "child": child, "grandchild": grandchild, "unrelated": unrelated}


def test_restricted_reaches_subsidiaries_through_the_parent(
    api: APIClient, group: dict[str, Entity]
) -> None:
    restricted = slugs(listed(api, ENTITIES, {"restricted": "true", "as_of": "2026-03-01"}))
    others = slugs(listed(api, ENTITIES, {"restricted": "false", "as_of": "2026-03-01"}))

    assert restricted == {"heavy-industries", "heavy-shipbuilding", "heavy-marine"}
    assert "unrelated" in others
    assert others.isdisjoint(restricted)


def test_restricted_follows_the_measures_dates_and_suspensions(
    api: APIClient, group: dict[str, Entity]
) -> None:
    [restriction] = group["parent"].restrictions.all()
    ControlMeasureFactory(
        suspension=True,
        effective_from=D(2026, 6, 1),
        effective_to=D(2026, 6, 30),
        suspends=[restriction.measure],
    )

    def restricted_on(day: str) -> set[str]:
        return slugs(listed(api, ENTITIES, {"restricted": "true", "as_of": day}))

    assert restricted_on("2026-02-23") == set()
    assert "heavy-marine" in restricted_on("2026-05-31")
    assert restricted_on("2026-06-15") == set()  # suspended
    assert "heavy-marine" in restricted_on("2026-07-01")


def test_restricted_without_as_of_means_today(api: APIClient, group: dict[str, Entity]) -> None:
    today = slugs(listed(api, ENTITIES, {"restricted": "true"}))

    assert today == {"heavy-industries", "heavy-shipbuilding", "heavy-marine"}


@pytest.mark.parametrize(
    ("params", "attr"),
    [
        ({"restricted": "maybe"}, "restricted"),
        ({"restricted": "yes please"}, "restricted"),
        ({"restricted": "true", "as_of": "2026-02-30"}, "as_of"),
        ({"restricted": "true", "as_of": "soon"}, "as_of"),
        ({"restricted": "true", "as_on": "2026-03-01"}, "as_on"),
    ],
    ids=lambda value: str(value),
)
def test_bad_restricted_parameters_are_400(
    api: APIClient, group: dict[str, Entity], params: dict[str, str], attr: str
) -> None:
    response = api.get(with_params(ENTITIES, params))

    assert_error(response, 400, attr)
