"""The derived answers about controls on a date, as a client sees them.

``/api/v1/controlled-elements/`` (what is controlled on a day) and
``/api/v1/entities/{id}/exposure/`` (what an entity is cut off from that day). The headline
answers are checked against the real dataset in seeds/ (MOFCOM No. 18 and No. 57 of 2025, the
No. 70 suspension, the 2026 end-user list); filters, inheritance, errors and query counts use
small factory-built data.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from apps.core.testing import assert_error, with_params
from apps.entities.models import Entity
from tests.factories import (
    ControlMeasureFactory,
    ElementControlFactory,
    ElementFactory,
    EntityFactory,
    EntityRestrictionFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
CONTROLLED = "/api/v1/controlled-elements/"

#: MOFCOM/GAC No. 18 of 2025 (in force from 2025-04-04, never suspended).
NO_18 = frozenset({"Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"})
NO_46_CLAUSE_2 = frozenset({"Ga", "Ge", "Sb"})
#: MOFCOM/GAC No. 57 of 2025 (from 2025-11-08; suspended by No. 70 until 2026-11-10).
NO_57 = frozenset({"Ho", "Er", "Tm", "Eu", "Yb"})

ROW_KEYS = {"element", "name", "measures"}
MEASURE_KEYS = {
    "id",
    "url",
    "reference",
    "authority",
    "authority_name",
    "kind",
    "clause",
    "confidence",
    "effective_from_confidence",
    "effective_from",
    "effective_to",
    "scope",
}


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    """Throttle counters live in the cache, which outlives a test."""
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def seeded(db: None) -> None:
    """The real dataset of seeds/, loaded into the test database (about two seconds)."""
    call_command("seed", stdout=io.StringIO())


def controlled(api: APIClient, params: Any = None) -> dict[str, Any]:
    response = api.get(with_params(CONTROLLED, params))
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def symbols(body: dict[str, Any]) -> set[str]:
    return {row["element"] for row in body["results"]}


def row_for(body: dict[str, Any], symbol: str) -> dict[str, Any]:
    [row] = [row for row in body["results"] if row["element"] == symbol]
    return row


def exposure_url(entity: Entity | int) -> str:
    pk = entity if isinstance(entity, int) else entity.pk
    return f"/api/v1/entities/{pk}/exposure/"


def exposure(api: APIClient, entity: Entity, as_of: str) -> dict[str, Any]:
    response = api.get(exposure_url(entity), {"as_of": as_of})
    assert response.status_code == 200, response.content[:2000]
    return response.json()


# --- controlled elements, with the seeded dataset ----------------------------------------


def test_controlled_elements_follow_the_measures_dates_and_the_suspension(
    api: APIClient, seeded: None
) -> None:
    """One seeded database, the dates of the story: before No. 18, under No. 18, while No. 70
    suspends No. 57 (to its last day), and after No. 70 ends."""
    before = controlled(api, {"as_of": "2025-01-01", "authority_country": "CN"})
    assert before["as_of"] == "2025-01-01"
    assert symbols(before).isdisjoint(NO_18)
    assert before["count"] == len(before["results"])

    body = controlled(api, {"as_of": "2025-05-01", "authority_country": "CN"})
    assert body["as_of"] == "2025-05-01"
    # No. 18, and clause 2 of No. 46 of 2024 (Ga, Ge, Sb to the US); holmium not among them.
    assert symbols(body) == NO_18 | NO_46_CLAUSE_2
    assert "Ho" not in symbols(body)
    assert body["count"] == 10
    for row in body["results"]:
        if row["element"] in NO_46_CLAUSE_2:
            [measure] = row["measures"]
            assert (measure["reference"], measure["clause"]) == (
                "MOFCOM Announcement No. 46 of 2024",
                "2",
            )
            continue
        assert set(row) == ROW_KEYS
        [measure] = row["measures"]
        assert set(measure) == MEASURE_KEYS
        assert measure["reference"] == "MOFCOM/GAC Announcement No. 18 of 2025"
        assert measure["kind"] == "export_licensing"
        assert measure["effective_from"] == "2025-04-04"
        assert measure["effective_to"] is None
        assert measure["url"].endswith(f"/api/v1/control-measures/{measure['id']}/")
        assert "oxides" in measure["scope"]
    assert row_for(body, "Dy")["name"] == "dysprosium"
    # Rows come in atomic-number order: Sc (21), Y (39), then the lanthanides.
    assert [row["element"] for row in body["results"]] == [
        *("Sc", "Ga", "Ge", "Y", "Sb", "Sm", "Gd", "Tb", "Dy", "Lu")
    ]

    suspended = controlled(api, {"as_of": "2026-03-01", "authority_country": "CN"})
    last_day = controlled(api, {"as_of": "2026-11-10", "authority_country": "CN"})
    after = controlled(api, {"as_of": "2026-11-11", "authority_country": "CN"})
    assert symbols(suspended).isdisjoint(NO_57)
    assert symbols(suspended) >= NO_18
    assert symbols(last_day).isdisjoint(NO_57)  # effective_to is the suspension's last day
    assert symbols(after) >= NO_57
    assert symbols(after) >= NO_18
    for symbol in NO_57:
        references = [m["reference"] for m in row_for(after, symbol)["measures"]]
        assert references == ["MOFCOM/GAC Announcement No. 57 of 2025"]


def test_as_of_defaults_to_today_utc(api: APIClient) -> None:
    body = controlled(api)

    assert body["as_of"] == timezone.now().date().isoformat()


# --- filters ---------------------------------------------------------------------------


@pytest.fixture
def two_jurisdictions(db: None) -> dict[str, Any]:
    """China licenses Dy and Tb and bans Ga; the United States licenses Nd."""
    usa = EntityFactory(
        slug="bis", name="Bureau of Industry and Security", kind="government_body", country="US"
    )
    licensing = ControlMeasureFactory(effective_from=D(2025, 4, 4))
    ban = ControlMeasureFactory(kind="export_ban", effective_from=D(2025, 4, 4))
    american = ControlMeasureFactory(authority=usa, effective_from=D(2025, 4, 4))
    for symbol in ("Dy", "Tb"):
        ElementControlFactory(measure=licensing, element=ElementFactory(symbol=symbol))
    ElementControlFactory(measure=ban, element=ElementFactory(symbol="Ga"))
    ElementControlFactory(measure=american, element=ElementFactory(symbol="Nd"))
    return {"licensing": licensing, "ban": ban, "american": american}


def test_element_filter_is_repeatable(api: APIClient, two_jurisdictions: dict[str, Any]) -> None:
    body = controlled(api, [("as_of", "2025-06-01"), ("element", "Dy"), ("element", "Nd")])

    assert symbols(body) == {"Dy", "Nd"}
    assert body["count"] == 2


def test_authority_country_filter(api: APIClient, two_jurisdictions: dict[str, Any]) -> None:
    everywhere = controlled(api, {"as_of": "2025-06-01"})
    china = controlled(api, {"as_of": "2025-06-01", "authority_country": "CN"})
    usa = controlled(api, {"as_of": "2025-06-01", "authority_country": "US"})

    assert symbols(everywhere) == {"Dy", "Tb", "Ga", "Nd"}
    assert symbols(china) == {"Dy", "Tb", "Ga"}
    assert symbols(usa) == {"Nd"}
    assert row_for(usa, "Nd")["measures"][0]["id"] == two_jurisdictions["american"].pk


def test_kind_filter(api: APIClient, two_jurisdictions: dict[str, Any]) -> None:
    bans = controlled(api, {"as_of": "2025-06-01", "kind": "export_ban"})

    assert symbols(bans) == {"Ga"}
    assert row_for(bans, "Ga")["measures"][0]["kind"] == "export_ban"


def test_an_element_under_two_measures_lists_both(api: APIClient) -> None:
    first = ControlMeasureFactory(effective_from=D(2025, 4, 4))
    second = ControlMeasureFactory(effective_from=D(2025, 10, 9))
    dy = ElementFactory(symbol="Dy")
    ElementControlFactory(measure=first, element=dy, scope="metal")
    ElementControlFactory(measure=second, element=dy, scope="magnets")

    body = controlled(api, {"as_of": "2026-01-01"})

    assert body["count"] == 1
    measures = row_for(body, "Dy")["measures"]
    assert [m["id"] for m in measures] == [first.pk, second.pk]  # oldest first
    assert [m["scope"] for m in measures] == ["metal", "magnets"]


def test_csv(api: APIClient, two_jurisdictions: dict[str, Any]) -> None:
    response = api.get(CONTROLLED, {"as_of": "2025-06-01", "authority_country": "CN"})
    csv_response = api.get(
        with_params(CONTROLLED, {"as_of": "2025-06-01", "authority_country": "CN", "format": "csv"})
    )

    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode())))
    assert [row["element"] for row in rows] == [r["element"] for r in response.json()["results"]]
    assert {row["element"]: row["name"] for row in rows} == {
        "Ga": "gallium",
        "Tb": "terbium",
        "Dy": "dysprosium",
    }
    assert rows[0].keys() == ROW_KEYS
    for row, json_row in zip(rows, response.json()["results"], strict=True):
        assert row["measures"] == ";".join(str(m["id"]) for m in json_row["measures"])


def test_csv_with_nothing_controlled_is_a_header(api: APIClient, db: None) -> None:
    response = api.get(with_params(CONTROLLED, {"as_of": "1900-01-01", "format": "csv"}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode() == "element,name,measures\n"


@pytest.mark.parametrize(
    ("params", "attr"),
    [
        ({"as_of": "2025-02-30"}, "as_of"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"as_of": ["2025-01-01", "2025-02-01"]}, "as_of"),
        ({"element": "Xx"}, "element"),
        ({"authority_country": "XX"}, "authority_country"),
        ({"authority_country": "cn"}, "authority_country"),
        ({"kind": "embargo"}, "kind"),
        ({"kind": ["export_ban", "other"]}, "kind"),
        ({"country": "CN"}, "country"),
        ({"limit": "10"}, "limit"),
    ],
    ids=lambda value: str(value),
)
def test_bad_parameters_are_400_naming_them(
    api: APIClient, db: None, params: dict[str, Any], attr: str
) -> None:
    response = api.get(with_params(CONTROLLED, params))

    assert_error(response, 400)
    attrs = [error["attr"] for error in response.json()["errors"]]
    assert any(a == attr or (a or "").startswith(f"{attr}.") for a in attrs), attrs


def _control(count: int) -> None:
    """``count`` elements, each under its own in-force measure, half of them also under a
    second measure of another authority."""
    usa = EntityFactory(slug="bis", name="BIS", kind="government_body", country="US")
    shared = ControlMeasureFactory(authority=usa)
    for n in range(count):
        element = ElementFactory()
        ElementControlFactory(measure=ControlMeasureFactory(), element=element)
        if n % 2:
            ElementControlFactory(measure=shared, element=element)


def _queries(api: APIClient, params: Sequence[tuple[str, str]] | dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        controlled(api, params)
    return len(queries)


def test_query_count_does_not_grow_with_the_controlled_elements(api: APIClient, db: None) -> None:
    _control(2)
    assert controlled(api, {"as_of": "2026-01-01"})["count"] == 2
    few = _queries(api, {"as_of": "2026-01-01"})

    _control(12)
    assert controlled(api, {"as_of": "2026-01-01"})["count"] == 14
    many = _queries(api, {"as_of": "2026-01-01"})

    assert few == many
    assert many <= 3  # suspensions in force (and their links), then the controls


# --- entity exposure, with the seeded dataset --------------------------------------------


def test_jaxa_is_cut_off_from_the_no_18_elements_by_no_11_of_2026(
    api: APIClient, seeded: None
) -> None:
    jaxa = Entity.objects.get(slug="jaxa")

    body = exposure(api, jaxa, "2026-03-01")

    assert body["entity"]["id"] == jaxa.pk
    assert body["entity"]["name"] == "Japan Aerospace Exploration Agency"
    assert body["as_of"] == "2026-03-01"
    assert body["restricted"] is True
    [restriction] = body["restrictions"]
    assert restriction["reference"] == "MOFCOM Announcement No. 11 of 2026"
    assert restriction["kind"] == "end_user_restriction"
    assert restriction["effective_from"] == "2026-02-24"
    assert restriction["inherited_from"] is None
    assert restriction["url"].endswith(f"/api/v1/control-measures/{restriction['measure']}/")
    blocked = {row["element"] for row in restriction["blocked_elements"]}
    assert "Dy" in blocked
    assert blocked == NO_18  # No. 57's five are suspended on that day
    assert "No. 11 of 2026" in restriction["reason"]
    assert "Dy" in restriction["reason"]

    # Before the February 2026 list, JAXA has no restriction.
    earlier = exposure(api, jaxa, "2025-12-01")
    assert earlier["as_of"] == "2025-12-01"
    assert earlier["restricted"] is False
    assert earlier["restrictions"] == []


# --- entity exposure, with factories ------------------------------------------------------


@pytest.fixture
def group(db: None) -> dict[str, Any]:
    """A parent company under an end-user restriction from 2026-02-24, its subsidiary and
    grandchild, and dysprosium licensed by the same (Chinese) authority."""
    parent = EntityFactory(slug="heavy-industries", name="Example Heavy Industries, Ltd.")
    child = EntityFactory(
        slug="heavy-shipbuilding", name="Example Shipbuilding Co., Ltd.", parent=parent
    )
    grandchild = EntityFactory(slug="heavy-marine", name="Example Marine Co., Ltd.", parent=child)
    licensing = ControlMeasureFactory(effective_from=D(2025, 4, 4))
    ElementControlFactory(measure=licensing, element=ElementFactory(symbol="Dy"))
    restriction = EntityRestrictionFactory(
        entity=parent,
        measure=ControlMeasureFactory(
            kind="end_user_restriction",
            reference="MOFCOM Announcement No. 11 of 2026",
            effective_from=D(2026, 2, 24),
        ),
    )
    return {
        "parent": parent,
        "child": child,
        "grandchild": grandchild,
        "restriction": restriction,
        "licensing": licensing,
    }


def test_a_restriction_on_the_parent_is_inherited_by_its_subsidiaries(
    api: APIClient, group: dict[str, Any]
) -> None:
    parent, child = group["parent"], group["child"]

    own = exposure(api, parent, "2026-03-01")
    inherited = exposure(api, child, "2026-03-01")
    two_levels = exposure(api, group["grandchild"], "2026-03-01")

    assert own["restrictions"][0]["inherited_from"] is None
    for body in (inherited, two_levels):
        assert body["restricted"] is True
        [restriction] = body["restrictions"]
        assert restriction["measure"] == group["restriction"].measure_id
        assert restriction["inherited_from"]["id"] == parent.pk
        assert restriction["inherited_from"]["name"] == parent.name
        assert restriction["inherited_from"]["url"].endswith(f"/api/v1/entities/{parent.pk}/")
        assert [row["element"] for row in restriction["blocked_elements"]] == ["Dy"]
        assert parent.name in restriction["reason"]


def test_links_do_not_carry_the_requested_format(api: APIClient, group: dict[str, Any]) -> None:
    """A link names a resource; ``?format=json`` on the request must not end up in it."""
    child = group["child"]
    plain = api.get(exposure_url(child), {"as_of": "2026-03-01"})
    explicit = api.get(exposure_url(child), {"as_of": "2026-03-01", "format": "json"})

    assert explicit.json() == plain.json()
    [restriction] = explicit.json()["restrictions"]
    assert restriction["url"].endswith(f"/api/v1/control-measures/{restriction['measure']}/")
    assert restriction["inherited_from"]["url"].endswith(f"/api/v1/entities/{group['parent'].pk}/")
    listed = api.get(CONTROLLED, {"as_of": "2026-03-01", "format": "json"}).json()
    urls = [m["url"] for row in listed["results"] for m in row["measures"]]
    assert urls
    assert not any("format" in url for url in urls)


def test_a_restriction_on_a_subsidiary_does_not_reach_its_parent(
    api: APIClient, group: dict[str, Any]
) -> None:
    sibling = EntityFactory(slug="heavy-aero", name="Example Aero Engines", parent=group["parent"])
    group["restriction"].delete()
    EntityRestrictionFactory(entity=group["child"], measure=group["restriction"].measure)

    assert exposure(api, group["parent"], "2026-03-01")["restricted"] is False
    assert exposure(api, sibling, "2026-03-01")["restricted"] is False
    assert exposure(api, group["grandchild"], "2026-03-01")["restricted"] is True


def test_the_restriction_is_not_reported_before_it_takes_effect(
    api: APIClient, group: dict[str, Any]
) -> None:
    body = exposure(api, group["child"], "2026-02-23")

    assert body == {**body, "restricted": False, "restrictions": []}


def test_a_watch_list_entry_lists_the_entity_but_blocks_no_element(
    api: APIClient, group: dict[str, Any]
) -> None:
    watched = EntityFactory(slug="watched", name="Watched Trading Co., Ltd.")
    watch_list = ControlMeasureFactory(
        kind="other",
        reference="MOFCOM Announcement No. 12 of 2026",
        effective_from=D(2026, 2, 24),
    )
    EntityRestrictionFactory(entity=watched, measure=watch_list)

    body = exposure(api, watched, "2026-03-01")

    assert body["restricted"] is True
    [restriction] = body["restrictions"]
    assert restriction["kind"] == "other"
    assert restriction["reference"] == "MOFCOM Announcement No. 12 of 2026"
    assert restriction["blocked_elements"] == []
    assert "No. 12 of 2026" in restriction["reason"]


def test_an_end_user_restriction_blocks_only_its_own_jurisdiction(
    api: APIClient, group: dict[str, Any]
) -> None:
    bis = EntityFactory(slug="bis", name="BIS", kind="government_body", country="US")
    american = ControlMeasureFactory(authority=bis, effective_from=D(2025, 1, 1))
    ElementControlFactory(measure=american, element=ElementFactory(symbol="Ga"))

    [restriction] = exposure(api, group["parent"], "2026-03-01")["restrictions"]

    assert [row["element"] for row in restriction["blocked_elements"]] == ["Dy"]


def test_unknown_entity_is_a_json_404(api: APIClient, db: None) -> None:
    response = api.get(exposure_url(999_999), {"as_of": "2026-03-01"})

    assert_error(response, 404)


@pytest.mark.parametrize(
    ("params", "attr"),
    [
        ({"as_of": "2026-02-30"}, "as_of"),
        ({"as_of": "01/03/2026"}, "as_of"),
        ({"as_of": ["2026-03-01", "2026-03-02"]}, "as_of"),
        ({"on": "2026-03-01"}, "on"),
    ],
    ids=lambda value: str(value),
)
def test_exposure_bad_parameters_are_400_naming_them(
    api: APIClient, group: dict[str, Any], params: dict[str, Any], attr: str
) -> None:
    response = api.get(with_params(exposure_url(group["parent"]), params))

    assert_error(response, 400, attr)


def test_exposure_as_of_defaults_to_today(api: APIClient, group: dict[str, Any]) -> None:
    response = api.get(exposure_url(group["parent"]))

    assert response.status_code == 200
    assert response.json()["as_of"] == timezone.now().date().isoformat()
    assert response.json()["restricted"] is True  # the restriction is open-ended
