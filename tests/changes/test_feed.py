"""``/api/v1/changes/``: a client that stores the cursor sees every change exactly once.

Changes are made the ways curators make them (the API with a token, the admin, ``seed``), then
read back from a cursor stored before them.
"""

from __future__ import annotations

import base64
import datetime
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from apps.changes.models import ChangeEvent
from apps.controls.models import ControlMeasure, EntityRestriction
from apps.core.testing import assert_error, with_params
from apps.deposits.models import Deposit
from apps.elements.models import Element
from apps.entities.models import Entity
from apps.sources.models import Source
from tests.admin.helpers import admin_url, post_data
from tests.factories import (
    ControlMeasureFactory,
    DepositFactory,
    ElementControlFactory,
    ElementFactory,
    EntityAliasFactory,
    EntityFactory,
    EntityRestrictionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

FEED = "/api/v1/changes/"
EVENT_KEYS = {"cursor", "at", "action", "resource", "object_id", "changed_fields"}
MINIMAL_SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds" / "minimal"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def page(api: APIClient, since: str | None = None, **params: Any) -> dict[str, Any]:
    query = {**params, **({"since": since} if since is not None else {})}
    response = api.get(with_params(FEED, query))
    assert response.status_code == 200, response.content[:2000]
    body = response.json()
    assert set(body) == {"results", "next_cursor"}
    for event in body["results"]:
        assert set(event) == EVENT_KEYS
        assert event["action"] in {"created", "updated", "deleted"}
    return body


def pages(api: APIClient, since: str | None = None, **params: Any) -> Iterator[dict[str, Any]]:
    """Every page from ``since`` on, until one comes back empty (at most 1,000 pages)."""
    for _ in range(1000):
        body = page(api, since, **params)
        yield body
        if not body["results"]:
            return
        since = body["next_cursor"]
    raise AssertionError("the feed never ran dry")


def read_all(api: APIClient, since: str | None = None, **params: Any) -> list[dict[str, Any]]:
    return [event for body in pages(api, since, **params) for event in body["results"]]


def end_cursor(api: APIClient) -> str:
    """The cursor a client holds once it has read everything so far."""
    *_, last = pages(api)
    assert last["next_cursor"], "the feed is empty: make a change before storing a cursor"
    return last["next_cursor"]


def summary(events: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(e["action"], e["resource"], e["object_id"]) for e in events]


@pytest.fixture
def stored_cursor(api: APIClient, db: None) -> str:
    """Some history (a source, two elements), read to the end: the cursor a client keeps."""
    SourceFactory()
    ElementFactory(symbol="Dy")
    ElementFactory(symbol="Tb")
    return end_cursor(api)


def make_changes(curator_api: APIClient) -> dict[str, Any]:
    """Create, update and delete an entity and a deposit through the API."""
    entity = curator_api.post(
        "/api/v1/entities/",
        {"slug": "irel", "name": "IREL (India) Limited", "kind": "company", "country": "IN"},
        format="json",
    )
    assert entity.status_code == 201, entity.content
    entity_id = entity.json()["id"]
    deposit = curator_api.post(
        "/api/v1/deposits/",
        {
            "slug": "rajasthan-ree",
            "name": "Rajasthan rare-earth deposit",
            "country": "IN",
            "region": "IN-RJ",
            "deposit_type": "carbonatite",
            "status": "reported",
            "elements": ["Dy"],
            "operator": entity_id,
        },
        format="json",
    )
    assert deposit.status_code == 201, deposit.content
    deposit_url = f"/api/v1/deposits/{deposit.json()['id']}/"
    for change in ({"status": "exploration"}, {"elements": ["Dy", "Tb"]}):
        response = curator_api.patch(deposit_url, change, format="json")
        assert response.status_code == 200, response.content
    assert curator_api.delete(deposit_url).status_code == 204
    assert curator_api.delete(f"/api/v1/entities/{entity_id}/").status_code == 204
    return {"entity": str(entity_id), "deposit": str(deposit.json()["id"])}


def test_every_change_exactly_once_and_in_order(
    api: APIClient, curator_api: APIClient, stored_cursor: str
) -> None:
    ids = make_changes(curator_api)

    events = read_all(api, stored_cursor)

    assert summary(events) == [
        ("created", "entities", ids["entity"]),
        ("created", "deposits", ids["deposit"]),
        ("updated", "deposits", ids["deposit"]),
        ("updated", "deposits", ids["deposit"]),
        ("deleted", "deposits", ids["deposit"]),
        ("deleted", "entities", ids["entity"]),
    ]
    assert {"name", "slug", "kind", "country"} <= set(events[0]["changed_fields"])
    assert {"name", "status", "region"} <= set(events[1]["changed_fields"])
    assert "updated_at" not in events[1]["changed_fields"]
    assert events[2]["changed_fields"] == ["status"]
    assert events[3]["changed_fields"] == ["elements"]
    assert events[4]["changed_fields"] == []
    cursors = [event["cursor"] for event in events]
    assert len(set(cursors)) == len(cursors)
    times = [datetime.datetime.fromisoformat(e["at"].replace("Z", "+00:00")) for e in events]
    assert times == sorted(times)
    assert all(t.tzinfo is not None for t in times)


def test_reading_again_from_next_cursor_returns_nothing_new(
    api: APIClient, curator_api: APIClient, stored_cursor: str
) -> None:
    make_changes(curator_api)
    body = page(api, stored_cursor)
    assert len(body["results"]) == 6
    cursor = body["next_cursor"]
    assert cursor == body["results"][-1]["cursor"]

    again = page(api, cursor)
    and_again = page(api, again["next_cursor"])

    assert again == {"results": [], "next_cursor": cursor}
    assert and_again == again


def test_nothing_new_keeps_the_stored_cursor(api: APIClient, stored_cursor: str) -> None:
    assert page(api, stored_cursor) == {"results": [], "next_cursor": stored_cursor}


def test_paging_one_event_at_a_time_visits_each_event_once(
    api: APIClient, curator_api: APIClient, stored_cursor: str
) -> None:
    make_changes(curator_api)
    everything = read_all(api, stored_cursor)

    visited = []
    for body in pages(api, stored_cursor, limit=1):
        assert len(body["results"]) <= 1
        if body["results"]:
            assert body["next_cursor"] == body["results"][0]["cursor"]
        visited += body["results"]

    assert visited == everything
    assert len(visited) == 6


def test_a_new_change_after_the_end_is_seen_once(
    api: APIClient, curator_api: APIClient, stored_cursor: str
) -> None:
    make_changes(curator_api)
    cursor = page(api, stored_cursor)["next_cursor"]

    source = SourceFactory()
    later = page(api, cursor)

    assert summary(later["results"]) == [("created", "sources", str(source.pk))]
    assert page(api, later["next_cursor"])["results"] == []


def test_resource_narrows_the_feed(
    api: APIClient, curator_api: APIClient, stored_cursor: str
) -> None:
    ids = make_changes(curator_api)

    deposits = read_all(api, stored_cursor, resource="deposits")
    entities = read_all(api, stored_cursor, resource="entities")
    everything = read_all(api, stored_cursor)

    assert [e["action"] for e in deposits] == ["created", "updated", "updated", "deleted"]
    assert {e["object_id"] for e in deposits} == {ids["deposit"]}
    assert summary(entities) == [
        ("created", "entities", ids["entity"]),
        ("deleted", "entities", ids["entity"]),
    ]
    assert sorted(deposits + entities, key=lambda e: everything.index(e)) == everything


def test_a_narrowed_cursor_works_on_the_full_feed(
    api: APIClient, curator_api: APIClient, stored_cursor: str
) -> None:
    """Cursors are one sequence: a cursor from a narrowed read resumes the full feed after it."""
    make_changes(curator_api)
    [first_deposit_event] = page(api, stored_cursor, resource="deposits", limit=1)["results"]

    rest = read_all(api, first_deposit_event["cursor"])

    assert [e["action"] for e in rest] == ["updated", "updated", "deleted", "deleted"]


def test_nested_parts_are_reported_as_changed_fields(
    api: APIClient, curator_api: APIClient, stored_cursor: str
) -> None:
    entity = curator_api.post(
        "/api/v1/entities/",
        {"slug": "jaxa", "name": "Japan Aerospace Exploration Agency", "kind": "government_body"},
        format="json",
    ).json()
    response = curator_api.patch(
        f"/api/v1/entities/{entity['id']}/",
        {"aliases": [{"name": "JAXA", "kind": "abbreviation"}]},
        format="json",
    )
    assert response.status_code == 200, response.content

    events = read_all(api, stored_cursor)

    assert summary(events) == [
        ("created", "entities", str(entity["id"])),
        ("updated", "entities", str(entity["id"])),
    ]
    assert events[1]["changed_fields"] == ["aliases"]


def test_a_refused_write_leaves_no_event(
    api: APIClient, curator_api: APIClient, stored_cursor: str
) -> None:
    response = curator_api.post(
        "/api/v1/entities/", {"slug": "x", "name": "X", "kind": "person"}, format="json"
    )
    assert response.status_code == 400
    unchanged = curator_api.patch(f"/api/v1/sources/{Source.objects.get().pk}/", {}, format="json")
    assert unchanged.status_code == 200

    assert page(api, stored_cursor) == {"results": [], "next_cursor": stored_cursor}


def test_changes_sharing_a_timestamp_are_each_delivered_once(
    api: APIClient, curator_api: APIClient, stored_cursor: str
) -> None:
    instant = datetime.datetime(2026, 3, 4, 9, 0, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=instant):
        for n in range(3):
            response = curator_api.post(
                "/api/v1/sources/",
                {
                    "slug": f"same-instant-{n}",
                    "title": f"Report {n}",
                    "publisher": "Example Wire",
                    "kind": "news",
                },
                format="json",
            )
            assert response.status_code == 201, response.content
    created = list(Source.objects.filter(slug__startswith="same-instant").order_by("pk"))

    first = page(api, stored_cursor, limit=2)
    rest = read_all(api, first["next_cursor"])
    events = first["results"] + rest

    assert summary(events) == [("created", "sources", str(s.pk)) for s in created]
    assert {e["at"] for e in events} == {"2026-03-04T09:00:00Z"}
    assert len(first["results"]) == 2  # the page boundary falls between equal timestamps
    assert [e["object_id"] for e in rest] == [str(created[2].pk)]


def test_history_rows_forced_to_one_timestamp_are_each_delivered_once(
    api: APIClient, stored_cursor: str
) -> None:
    """Two history rows written with the same ``history_date``, as two writers in one
    clock tick would."""
    instant = datetime.datetime(2026, 3, 4, 9, 0, tzinfo=datetime.UTC)
    first, second = SourceFactory.build(), SourceFactory.build()
    for source in (first, second):
        source._history_date = instant  # type: ignore[attr-defined]  # django-simple-history
        source.save()

    events = [event for body in pages(api, stored_cursor, limit=1) for event in body["results"]]

    assert summary(events) == [
        ("created", "sources", str(first.pk)),
        ("created", "sources", str(second.pk)),
    ]
    assert events[0]["at"] == events[1]["at"] == "2026-03-04T09:00:00Z"


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!!",
        "not a cursor",
        "%%%",
        _b64("hello"),
        _b64("e"),
        _b64("e-1"),
        _b64("e1.5"),
        _b64("x12"),
        _b64("e\uff11\uff12"),  # full-width digits
        _b64("e" + "9" * 40),  # too long
        "A" * 1000,
    ],
    ids=lambda value: repr(value)[:40],
)
def test_a_malformed_cursor_is_a_400_naming_since(
    api: APIClient, stored_cursor: str, cursor: str
) -> None:
    response = api.get(FEED, {"since": cursor})

    assert_error(response, 400, "since")


def test_an_empty_cursor_is_a_400(api: APIClient, stored_cursor: str) -> None:
    response = api.get(f"{FEED}?since=")

    assert_error(response, 400, "since")


@pytest.mark.parametrize(
    ("params", "attr"),
    [
        ({"resource": "widgets"}, "resource"),
        ({"resource": "entity"}, "resource"),
        ({"limit": "0"}, "limit"),
        ({"limit": "1001"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"cursor": "ZTE"}, "cursor"),
        ({"since": ["ZTE", "ZTI"]}, "since"),
    ],
    ids=lambda value: str(value),
)
def test_bad_parameters_are_400_naming_them(
    api: APIClient, db: None, params: dict[str, Any], attr: str
) -> None:
    response = api.get(with_params(FEED, params))

    assert_error(response, 400, attr)


def test_an_empty_feed_has_no_cursor_yet(api: APIClient, db: None) -> None:
    assert page(api) == {"results": [], "next_cursor": None}


def test_the_feed_is_read_only(api: APIClient, curator_api: APIClient, db: None) -> None:
    assert_error(curator_api.post(FEED, {}, format="json"), 405)
    assert_error(curator_api.delete(FEED), 405)
    assert ChangeEvent.objects.count() == 0


def test_seed_load_emits_created_events_and_a_reload_none(api: APIClient, db: None) -> None:
    call_command("seed", directory=MINIMAL_SEEDS, stdout=io.StringIO())

    events = read_all(api)

    assert events
    assert {e["action"] for e in events} == {"created"}
    created = {(e["resource"], e["object_id"]) for e in events}
    assert len(created) == len(events)  # one event per record
    for resource, model in (
        ("sources", Source),
        ("elements", Element),
        ("entities", Entity),
        ("deposits", Deposit),
    ):
        pks = {str(pk) for pk in model._default_manager.values_list("pk", flat=True)}
        assert pks
        assert {object_id for r, object_id in created if r == resource} == pks, resource
    cursor = page(api, events[-1]["cursor"])["next_cursor"]

    call_command("seed", directory=MINIMAL_SEEDS, stdout=io.StringIO())  # nothing changed

    assert page(api, cursor)["results"] == []


def test_admin_edits_appear_in_the_feed(
    api: APIClient, curator_client: Client, stored_cursor: str
) -> None:
    deposit = DepositFactory(slug="odisha-sands", name="Odisha beach sands", region="IN-OD")
    cursor = end_cursor(api)
    url = admin_url(Deposit, "change", deposit.pk)
    data = post_data(curator_client.get(url))
    data["status"] = "exploration"

    assert curator_client.post(url, data).status_code == 302
    assert (
        curator_client.post(admin_url(Deposit, "delete", deposit.pk), {"post": "yes"}).status_code
        == 302
    )

    events = read_all(api, cursor)
    assert summary(events) == [
        ("updated", "deposits", str(deposit.pk)),
        ("deleted", "deposits", str(deposit.pk)),
    ]
    assert events[0]["changed_fields"] == ["status"]


def test_csv_of_a_page_with_nothing_new_is_a_header(api: APIClient, stored_cursor: str) -> None:
    response = api.get(FEED, {"since": stored_cursor, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode() == "cursor,at,action,resource,object_id,changed_fields\n"


def test_a_part_changed_on_its_own_page_is_an_update_of_its_record(
    api: APIClient, curator_client: Client, stored_cursor: str
) -> None:
    """Restrictions, parties, controlled elements and aliases have admin pages and imports
    of their own; a change there is a change of the measure, agreement or entity."""
    measure = ControlMeasureFactory(slug="mofcom-2026-11")
    entity = EntityFactory(slug="jaxa", name="Japan Aerospace Exploration Agency")
    cursor = end_cursor(api)
    before = ControlMeasure.objects.get(pk=measure.pk).updated_at

    add = curator_client.post(
        admin_url(EntityRestriction, "add"),
        {
            "measure": measure.pk,
            "entity": entity.pk,
            "note": "Listed for closer scrutiny.",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
        },
    )
    assert add.status_code == 302, add.content[:2000]
    restriction = EntityRestriction.objects.get(measure=measure, entity=entity)
    delete = curator_client.post(
        admin_url(EntityRestriction, "delete", restriction.pk), {"post": "yes"}
    )
    assert delete.status_code == 302

    events = read_all(api, cursor)
    assert summary(events) == [
        ("updated", "control-measures", str(measure.pk)),
        ("updated", "control-measures", str(measure.pk)),
    ]
    assert [e["changed_fields"] for e in events] == [["restricted_entities"]] * 2
    assert ControlMeasure.objects.get(pk=measure.pk).updated_at > before


def test_an_alias_added_on_its_own_is_an_entity_update_and_searchable(
    api: APIClient, stored_cursor: str
) -> None:
    entity = EntityFactory(slug="jaxa", name="Japan Aerospace Exploration Agency")
    cursor = end_cursor(api)

    EntityAliasFactory(entity=entity, name="JAXA", kind="abbreviation")

    events = read_all(api, cursor)
    assert summary(events) == [("updated", "entities", str(entity.pk))]
    assert events[0]["changed_fields"] == ["aliases"]
    found = api.get("/api/v1/entities/", {"q": "jaxa", "brief": "true"}).json()["results"]
    assert [item["id"] for item in found] == [entity.pk]


def test_deleting_a_record_reports_only_its_deletion_not_its_parts(
    api: APIClient, curator_api: APIClient, stored_cursor: str
) -> None:
    measure = ControlMeasureFactory(slug="mofcom-2026-12")
    EntityRestrictionFactory(measure=measure)
    ElementControlFactory(measure=measure)
    cursor = end_cursor(api)

    assert curator_api.delete(f"/api/v1/control-measures/{measure.pk}/").status_code == 204

    assert summary(read_all(api, cursor)) == [("deleted", "control-measures", str(measure.pk))]


def test_a_record_written_with_its_parts_is_one_event(
    api: APIClient, curator_api: APIClient, stored_cursor: str
) -> None:
    first = EntityFactory(slug="party-one")
    second = EntityFactory(slug="party-two")
    response = curator_api.post(
        "/api/v1/agreements/",
        {
            "slug": "in-jp-ree-2026",
            "title": "India-Japan rare-earth framework",
            "kind": "framework",
            "status": "signed",
            "parties": [
                {"entity": first.pk, "role": "signatory"},
                {"entity": second.pk, "role": "signatory"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content

    assert summary(read_all(api, stored_cursor)) == [
        ("created", "entities", str(first.pk)),
        ("created", "entities", str(second.pk)),
        ("created", "agreements", str(response.json()["id"])),
    ]
