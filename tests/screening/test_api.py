"""``/api/v1/screening/``: matching names from documents against entities and their aliases.

The registry built here mirrors a few real entities of the 2026 MOFCOM lists (JAXA, IHI and
its aerospace subsidiaries, Mitsubishi companies), restricted by a measure of 2026-02-24.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from apps.controls.models import ControlMeasure
from apps.core.testing import assert_error, error_attrs, token_client, with_params
from apps.entities.models import Entity
from apps.screening.api.views import ScreeningBatchQueryParams, ScreeningOptions
from apps.screening.services import DEFAULT_THRESHOLD
from tests.factories import (
    ControlMeasureFactory,
    EntityAliasFactory,
    EntityFactory,
    EntityRestrictionFactory,
)
from tests.screening.helpers import fullwidth

pytestmark = pytest.mark.django_db

D = datetime.date
SCREENING = "/api/v1/screening/"
MATCH_KEYS = {"score", "matched_name", "entity", "restrictions", "group", "explanation"}
EXPLANATION_KEYS = {
    "query_normalized",
    "name_normalized",
    "matched_on",
    "alias_kind",
    "scorer",
    "rule",
    "tokens",
    "unmatched_name_tokens",
    "reading",
}


@dataclass
class Registry:
    japan: Entity
    jaxa: Entity
    ihi: Entity
    ihi_aerospace: Entity
    ihi_aerospace_engineering: Entity
    mhi_shipbuilding: Entity
    mitsubishi_materials: Entity
    end_user_list: ControlMeasure


@pytest.fixture
def registry(db: None) -> Registry:
    japan = EntityFactory(
        slug="government-of-japan", name="Government of Japan", kind="state", parent=None
    )
    jaxa = EntityFactory(
        slug="jaxa", name="Japan Aerospace Exploration Agency", kind="government_body", parent=japan
    )
    EntityAliasFactory(entity=jaxa, name="JAXA", kind="abbreviation")
    ihi = EntityFactory(slug="ihi", name="IHI Corporation")
    EntityAliasFactory(entity=ihi, name="IHI", kind="abbreviation")
    ihi_aerospace = EntityFactory(slug="ihi-aerospace", name="IHI Aerospace Co., Ltd.", parent=ihi)
    ihi_aerospace_engineering = EntityFactory(
        slug="ihi-aerospace-engineering", name="IHI Aerospace Engineering Co., Ltd.", parent=ihi
    )
    mhi_shipbuilding = EntityFactory(
        slug="mhi-shipbuilding", name="Mitsubishi Heavy Industries Shipbuilding Co., Ltd."
    )
    mitsubishi_materials = EntityFactory(
        slug="mitsubishi-materials", name="Mitsubishi Materials Corporation"
    )
    end_user_list = ControlMeasureFactory(
        slug="mofcom-2026-11",
        reference="MOFCOM Announcement No. 11 of 2026",
        kind="end_user_restriction",
        effective_from=D(2026, 2, 24),
    )
    for entity in (jaxa, ihi):
        EntityRestrictionFactory(measure=end_user_list, entity=entity)
    return Registry(
        japan,
        jaxa,
        ihi,
        ihi_aerospace,
        ihi_aerospace_engineering,
        mhi_shipbuilding,
        mitsubishi_materials,
        end_user_list,
    )


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def screen(api: APIClient, name: str, **params: Any) -> dict[str, Any]:
    response = api.get(with_params(SCREENING, {"name": name, **params}))
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"query", "normalized", "matches"}
    for match in body["matches"]:
        assert set(match) == MATCH_KEYS
        assert set(match["explanation"]) == EXPLANATION_KEYS
        assert 0 <= match["score"] <= 100
    return body


def best(api: APIClient, name: str, **params: Any) -> dict[str, Any]:
    body = screen(api, name, **params)
    assert body["matches"], f"no match for {name!r}"
    return body["matches"][0]


def matched_ids(body: dict[str, Any]) -> list[int]:
    return [match["entity"]["id"] for match in body["matches"]]


# --- matching --------------------------------------------------------------------------------


def test_exact_name(api: APIClient, registry: Registry) -> None:
    body = screen(api, "IHI Aerospace Co., Ltd.")

    assert body["query"] == "IHI Aerospace Co., Ltd."
    assert body["normalized"] == "aerospace ihi"
    # With its legal form the query is a whole name: not a part of "IHI Aerospace Engineering".
    [match] = body["matches"]
    assert match["score"] == 100
    assert match["matched_name"] == "IHI Aerospace Co., Ltd."
    assert match["entity"] == {
        "id": registry.ihi_aerospace.pk,
        "url": f"http://testserver/api/v1/entities/{registry.ihi_aerospace.pk}/",
        "name": "IHI Aerospace Co., Ltd.",
        "kind": "company",
        "country": "JP",
    }
    assert match["explanation"]["matched_on"] == "name"
    assert match["explanation"]["alias_kind"] is None
    assert match["explanation"]["query_normalized"] == "aerospace ihi"
    assert match["explanation"]["name_normalized"] == "aerospace ihi"
    assert match["explanation"]["scorer"]


@pytest.mark.parametrize(
    "name",
    ["Aerospace IHI", "Aerospace, IHI Co. Ltd.", "Exploration Agency Japan Aerospace"],
)
def test_tokens_reordered(api: APIClient, registry: Registry, name: str) -> None:
    match = best(api, name)

    assert match["score"] == 100
    assert match["entity"]["id"] in {registry.ihi_aerospace.pk, registry.jaxa.pk}


@pytest.mark.parametrize(
    "name",
    [
        "IHI Aerospace",
        "IHI Aerospace Co., Ltd.",
        "IHI Aerospace Corporation",
        "IHI Aerospace Corp",
        "IHI Aerospace K.K.",
        "Kabushiki Kaisha IHI Aerospace",
        "IHI AEROSPACE LIMITED",
        fullwidth("IHI Aerospace Kabushiki Kaisha"),
    ],
)
def test_legal_form_missing_or_different(api: APIClient, registry: Registry, name: str) -> None:
    body = screen(api, name)

    assert matched_ids(body)[0] == registry.ihi_aerospace.pk
    assert body["matches"][0]["score"] == 100
    assert body["matches"][0]["matched_name"] == "IHI Aerospace Co., Ltd."
    # Without a legal form, "IHI Aerospace" is also part of "IHI Aerospace Engineering".
    assert matched_ids(body)[1:] in ([], [registry.ihi_aerospace_engineering.pk])
    assert all(match["score"] < 100 for match in body["matches"][1:])


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("IHI Aerospce Co., Ltd.", "ihi-aerospace"),
        ("Japan Aerospace Exploraton Agency", "jaxa"),
        ("Mitsubishi Heavy Industires Shipbuilding", "mhi-shipbuilding"),
    ],
)
def test_one_typo_still_matches(api: APIClient, registry: Registry, name: str, slug: str) -> None:
    match = best(api, name)

    assert match["entity"]["id"] == Entity.objects.get(slug=slug).pk
    assert DEFAULT_THRESHOLD <= match["score"] < 100


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("IHI Aerosapce Co Ltd", "ihi-aerospace"),  # two letters swapped
        ("Japan Aerospace Exploraton Agncy", "jaxa"),
        ("Mitsubishi Hevy Industires Shipbuilding", "mhi-shipbuilding"),
    ],
)
def test_two_typos_still_match(api: APIClient, registry: Registry, name: str, slug: str) -> None:
    match = best(api, name)

    assert match["entity"]["id"] == Entity.objects.get(slug=slug).pk
    assert DEFAULT_THRESHOLD <= match["score"] < 100


def test_a_typo_in_the_first_letter_of_a_word_still_matches(
    api: APIClient, registry: Registry
) -> None:
    match = best(api, "Mitsubishi Naterials Corp")

    assert match["entity"]["id"] == registry.mitsubishi_materials.pk


@pytest.mark.parametrize("name", ["JAXA", "jaxa", "J.A.X.A.", fullwidth("JAXA")])
def test_an_abbreviation_matches_through_the_alias(
    api: APIClient, registry: Registry, name: str
) -> None:
    match = best(api, name)

    assert match["entity"]["id"] == registry.jaxa.pk
    assert match["entity"]["name"] == "Japan Aerospace Exploration Agency"
    assert match["matched_name"] == "JAXA"
    assert match["score"] == 100
    assert match["explanation"]["matched_on"] == "alias"
    assert match["explanation"]["alias_kind"] == "abbreviation"
    assert match["explanation"]["name_normalized"] == "jaxa"


def test_the_entity_link_does_not_carry_the_requested_format(
    api: APIClient, registry: Registry
) -> None:
    match = best(api, "IHI Aerospace Co., Ltd.", format="json")
    pk = registry.ihi_aerospace.pk
    assert match["entity"]["url"] == f"http://testserver/api/v1/entities/{pk}/"


def test_an_entity_is_reported_once_by_its_best_name(api: APIClient, registry: Registry) -> None:
    EntityAliasFactory(
        entity=registry.jaxa, name="Japan Aerospace Exploration Agency", kind="other"
    )

    body = screen(api, "Japan Aerospace Exploration Agency")

    assert matched_ids(body) == [registry.jaxa.pk]
    assert body["matches"][0]["explanation"]["matched_on"] == "name"  # the name wins a tie


def test_a_name_below_the_threshold_gives_no_match(api: APIClient, registry: Registry) -> None:
    assert screen(api, "Sumitomo Metal Mining")["matches"] == []
    # About 77 against JAXA's name: below the default, above a lower threshold.
    assert screen(api, "Japan Aerospace Research Agency")["matches"] == []
    lowered = screen(api, "Japan Aerospace Research Agency", threshold=60)
    assert matched_ids(lowered)[0] == registry.jaxa.pk
    assert 60 <= lowered["matches"][0]["score"] < DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "threshold"),
    [
        ("Abcdefghijklmnopqrstuvw", 85),  # 17 of 23 letters: exactly 2*17/40 = 85
        ("Abcdefghijklmnopq", 85),  # the entity's name is the longer one: 17 in 23
        ("Abcdefghijklmnopqrstuvwxyzabcdefghi", 65),  # 17 of 35: exactly 2*17/52 = 65.4
    ],
)
def test_a_name_exactly_at_the_threshold_is_not_skipped_for_its_length(
    api: APIClient, db: None, query: str, threshold: int
) -> None:
    """Screening skips names too short or too long to reach the threshold (their ratio is at
    most 2*shorter/(sum of lengths)); a name right at that bound is still scored."""
    short = EntityFactory(slug="seventeen", name="Abcdefghijklmnopq")
    long = EntityFactory(slug="twenty-three", name="Abcdefghijklmnopqrstuvw")
    body = screen(api, query, threshold=threshold)
    assert {short.pk, long.pk} & set(matched_ids(body)), body
    assert min(match["score"] for match in body["matches"]) >= threshold


def test_matches_are_ordered_by_score_then_entity_id(api: APIClient, registry: Registry) -> None:
    body = screen(api, "IHI Aerospace", threshold=50)

    scores = [match["score"] for match in body["matches"]]
    assert scores == sorted(scores, reverse=True)
    assert matched_ids(body)[:2] == [
        registry.ihi_aerospace.pk,
        registry.ihi_aerospace_engineering.pk,
    ]
    assert all(s >= 50 for s in scores)


def test_exclude_drops_entities(api: APIClient, registry: Registry) -> None:
    body = screen(api, "IHI Aerospace", threshold=50, exclude=str(registry.ihi_aerospace.pk))
    both = screen(
        api,
        "IHI Aerospace",
        threshold=50,
        exclude=f"{registry.ihi_aerospace.pk},{registry.ihi_aerospace_engineering.pk}",
    )

    assert registry.ihi_aerospace.pk not in matched_ids(body)
    assert matched_ids(body)[0] == registry.ihi_aerospace_engineering.pk
    assert registry.ihi_aerospace_engineering.pk not in matched_ids(both)
    assert screen(api, "JAXA", exclude=str(registry.jaxa.pk))["matches"] == []


def test_limit(api: APIClient, db: None) -> None:
    entities = [EntityFactory(name=f"Example Heavy Industries {n} Co., Ltd.") for n in range(6)]

    everything = screen(api, "Example Heavy Industries")
    two = screen(api, "Example Heavy Industries", limit=2)

    assert matched_ids(everything) == [e.pk for e in entities]  # equal scores: by id
    assert matched_ids(two) == [entities[0].pk, entities[1].pk]
    assert two["matches"] == everything["matches"][:2]


def test_restrictions_in_force_on_as_of_are_included(api: APIClient, registry: Registry) -> None:
    listed = best(api, "JAXA", as_of="2026-03-01")
    before = best(api, "JAXA", as_of="2026-02-23")

    assert listed["restrictions"] == [
        {
            "measure": registry.end_user_list.pk,
            "reference": "MOFCOM Announcement No. 11 of 2026",
            "kind": "end_user_restriction",
            "clause": "",
            "basis": "listed",
            "effective_from_confidence": "",
            "confidence": None,
            "inherited_from": None,
        }
    ]
    assert before["restrictions"] == []
    assert before["entity"]["id"] == registry.jaxa.pk  # still matched, just not restricted


def test_restrictions_of_the_parent_are_reported_as_inherited(
    api: APIClient, registry: Registry
) -> None:
    match = best(api, "IHI Aerospace", as_of="2026-03-01")

    assert match["entity"]["id"] == registry.ihi_aerospace.pk
    assert match["restrictions"] == [
        {
            "measure": registry.end_user_list.pk,
            "reference": "MOFCOM Announcement No. 11 of 2026",
            "kind": "end_user_restriction",
            "clause": "",
            "basis": "listed",
            "effective_from_confidence": "",
            "confidence": None,
            "inherited_from": {"id": registry.ihi.pk, "name": "IHI Corporation"},
        }
    ]


def test_restrictions_default_to_today(api: APIClient, registry: Registry) -> None:
    ControlMeasureFactory(
        suspension=True,
        effective_from=timezone.now().date() + datetime.timedelta(days=1),
        suspends=[registry.end_user_list],
    )

    assert best(api, "JAXA")["restrictions"][0]["measure"] == registry.end_user_list.pk
    # The suspension starts tomorrow: on that day the restriction is not in force.
    tomorrow = (timezone.now().date() + datetime.timedelta(days=1)).isoformat()
    assert best(api, "JAXA", as_of=tomorrow)["restrictions"] == []


def test_the_same_query_gives_the_same_body(api: APIClient, registry: Registry) -> None:
    params = {"name": "IHI Aerospace", "threshold": "40", "as_of": "2026-03-01"}
    first = api.get(SCREENING, params)
    second = api.get(SCREENING, params)

    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert len(first.json()["matches"]) >= 2


# --- batches -----------------------------------------------------------------------------


def test_batch_keeps_the_input_order(api: APIClient, registry: Registry) -> None:
    names = ["Nobody In Particular", "JAXA", "IHI Aerospace Corp", "JAXA", "Aerospace IHI"]

    response = api.post(SCREENING, {"names": names, "as_of": "2026-03-01"}, format="json")

    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [result["query"] for result in results] == names
    assert results[0]["matches"] == []
    assert matched_ids(results[1]) == [registry.jaxa.pk]
    assert results[1] == results[3]
    for name, result in zip(names, results, strict=True):
        single = screen(api, name, as_of="2026-03-01")
        assert result == single


def test_batch_options_ride_in_the_body(api: APIClient, registry: Registry) -> None:
    body = {
        "names": ["IHI Aerospace"],
        "threshold": 50,
        "limit": 1,
        "exclude": [registry.ihi_aerospace.pk],
        "as_of": "2026-03-01",
    }

    response = api.post(SCREENING, body, format="json")

    assert response.status_code == 200, response.content
    [result] = response.json()["results"]
    assert matched_ids(result) == [registry.ihi_aerospace_engineering.pk]
    assert result["matches"][0]["restrictions"][0]["inherited_from"]["id"] == registry.ihi.pk


def test_a_batch_is_deterministic(api: APIClient, registry: Registry) -> None:
    body = {"names": ["IHI Aerospace", "JAXA", "Mitsubishi"], "threshold": 30}

    first = api.post(SCREENING, body, format="json")
    second = api.post(SCREENING, body, format="json")

    assert first.status_code == 200
    assert first.content == second.content


def test_batch_options_in_the_query_string_are_not_silently_ignored(
    api: APIClient, registry: Registry
) -> None:
    response = api.post(
        f"{SCREENING}?threshold=60", {"names": ["Japan Aerospace Research Agency"]}, format="json"
    )

    if response.status_code == 400:
        return  # refusing them would also be honest
    assert response.status_code == 200
    assert matched_ids(response.json()["results"][0]) == [registry.jaxa.pk]


@pytest.mark.parametrize(
    "query",
    ["threshold=60", "limit=1", "as_of=2026-03-01", "exclude=3", "threshold=", "limit=1&limit=2"],
)
def test_batch_options_in_the_query_string_are_a_400_naming_them(
    api: APIClient, db: None, query: str
) -> None:
    response = api.post(f"{SCREENING}?{query}", {"names": ["JAXA"]}, format="json")

    assert_error(response, 400, query.split("=")[0])


def test_the_query_string_of_a_batch_refuses_every_option() -> None:
    assert set(ScreeningBatchQueryParams().fields) == set(ScreeningOptions().fields)


def test_a_batch_may_ask_for_a_format_in_the_query_string(
    api: APIClient, registry: Registry
) -> None:
    response = api.post(f"{SCREENING}?format=json", {"names": ["JAXA"]}, format="json")

    assert response.status_code == 200, response.content
    assert matched_ids(response.json()["results"][0]) == [registry.jaxa.pk]


def test_unknown_body_keys_are_a_400(api: APIClient, registry: Registry) -> None:
    response = api.post(SCREENING, {"names": ["JAXA"], "treshold": 10}, format="json")

    assert_error(response, 400, "treshold")


def test_unknown_body_keys_are_reported_with_the_other_errors(api: APIClient, db: None) -> None:
    response = api.post(
        SCREENING, {"names": [], "treshold": 10, "name": "JAXA", "limit": 0}, format="json"
    )

    assert_error(response, 400)
    assert set(error_attrs(response)) == {"names", "treshold", "name", "limit"}


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "attr"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 1000}, "name"),
        ({"name": "JAXA\x00"}, "name"),
        ({"name": ["JAXA", "IHI"]}, "name"),
        ({"name": "JAXA", "threshold": "-1"}, "threshold"),
        ({"name": "JAXA", "threshold": "101"}, "threshold"),
        ({"name": "JAXA", "threshold": "high"}, "threshold"),
        ({"name": "JAXA", "limit": "0"}, "limit"),
        ({"name": "JAXA", "limit": "-3"}, "limit"),
        ({"name": "JAXA", "limit": "1000"}, "limit"),
        ({"name": "JAXA", "limit": "ten"}, "limit"),
        ({"name": "JAXA", "as_of": "2026-02-30"}, "as_of"),
        ({"name": "JAXA", "exclude": "jaxa"}, "exclude"),
        ({"name": "JAXA", "exclude": "0"}, "exclude"),
        ({"name": "JAXA", "names": "IHI"}, "names"),
        ({"name": "JAXA", "q": "IHI"}, "q"),
    ],
    ids=lambda value: str(value)[:60],
)
def test_bad_query_parameters_are_400_naming_them(
    api: APIClient, db: None, params: dict[str, Any], attr: str
) -> None:
    response = api.get(with_params(SCREENING, params))

    assert_error(response, 400, attr)


def test_threshold_nan_is_a_400(api: APIClient, db: None) -> None:
    response = api.get(SCREENING, {"name": "JAXA", "threshold": "nan"})

    assert_error(response, 400, "threshold")


@pytest.mark.parametrize("value", ["nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e309"])
def test_a_threshold_that_is_not_a_finite_number_is_a_400(
    api: APIClient, db: None, value: str
) -> None:
    query = api.get(SCREENING, {"name": "JAXA", "threshold": value})
    body = api.post(SCREENING, {"names": ["JAXA"], "threshold": value}, format="json")

    assert_error(query, 400, "threshold")
    assert_error(body, 400, "threshold")


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({}, "names"),
        ({"names": "JAXA"}, "names"),
        ({"names": {"0": "JAXA"}}, "names"),
        ({"names": []}, "names"),
        ({"names": ["JAXA"] * 101}, "names"),
        ({"names": ["JAXA", ""]}, "names.1"),
        ({"names": ["   "]}, "names.0"),
        ({"names": ["JAXA", "x" * 1000]}, "names.1"),
        ({"names": ["JAXA", None]}, "names.1"),
        ({"names": [0]}, "names.0"),
        ({"names": ["JAXA", 12.5]}, "names.1"),
        ({"names": [True]}, "names.0"),
        ({"names": [["JAXA"]]}, "names.0"),
        ({"names": ["JAXA"], "threshold": 101}, "threshold"),
        ({"names": ["JAXA"], "threshold": -1}, "threshold"),
        ({"names": ["JAXA"], "threshold": True}, "threshold"),
        ({"names": ["JAXA"], "limit": 0}, "limit"),
        ({"names": ["JAXA"], "exclude": ["x"]}, "exclude"),
    ],
    ids=lambda value: str(value)[:60],
)
def test_bad_batches_are_400_naming_the_field(
    api: APIClient, db: None, body: dict[str, Any], attr: str
) -> None:
    response = api.post(SCREENING, body, format="json")

    assert_error(response, 400, attr)


def test_a_batch_of_exactly_100_names_is_accepted(api: APIClient, registry: Registry) -> None:
    names = [f"Name number {n}" for n in range(99)] + ["JAXA"]

    response = api.post(SCREENING, {"names": names}, format="json")

    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 100
    assert matched_ids(results[-1]) == [registry.jaxa.pk]


def test_unknown_query_parameter_on_a_batch_is_a_400(api: APIClient, db: None) -> None:
    response = api.post(f"{SCREENING}?name=JAXA", {"names": ["JAXA"]}, format="json")

    assert_error(response, 400, "name")


def test_a_batch_body_that_is_not_an_object_is_a_400(api: APIClient, db: None) -> None:
    response = api.post(SCREENING, ["JAXA"], format="json")

    assert_error(response, 400)


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_writes_are_405(api: APIClient, db: None, method: str) -> None:
    response = getattr(api, method)(f"{SCREENING}?name=JAXA", {"names": ["JAXA"]}, format="json")

    assert_error(response, 405)


@pytest.mark.parametrize("method", ["put", "delete"])
def test_writes_without_query_parameters_are_405(api: APIClient, db: None, method: str) -> None:
    response = getattr(api, method)(SCREENING, {"names": ["JAXA"]}, format="json")

    assert_error(response, 405)


# --- the index follows the data ----------------------------------------------------------------


def test_the_index_sees_changes_on_the_next_request(
    api: APIClient, registry: Registry, curator: User
) -> None:
    curator_api = token_client(curator)
    assert screen(api, "Kiko")["matches"] == []
    assert matched_ids(screen(api, "JAXA")) == [registry.jaxa.pk]  # the index is built now

    # A new alias.
    response = curator_api.patch(
        f"/api/v1/entities/{registry.jaxa.pk}/",
        {"aliases": [{"name": "JAXA", "kind": "abbreviation"}, {"name": "Kiko", "kind": "other"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    match = best(api, "Kiko")
    assert match["entity"]["id"] == registry.jaxa.pk
    assert match["explanation"]["alias_kind"] == "other"

    # A renamed entity: found by the new name, not by the old one.
    response = curator_api.patch(
        f"/api/v1/entities/{registry.mitsubishi_materials.pk}/",
        {"name": "Mitsubishi Advanced Materials Corporation"},
        format="json",
    )
    assert response.status_code == 200, response.content
    renamed = best(api, "Mitsubishi Advanced Materials")
    assert renamed["entity"]["id"] == registry.mitsubishi_materials.pk
    assert renamed["matched_name"] == "Mitsubishi Advanced Materials Corporation"
    assert registry.mitsubishi_materials.pk not in matched_ids(
        screen(api, "Mitsubishi Materials Corporation")
    )

    # A deleted entity is gone, aliases included.
    shipbuilding = registry.mhi_shipbuilding
    EntityAliasFactory(entity=shipbuilding, name="MHI Shipbuilding", kind="abbreviation")
    assert matched_ids(screen(api, "MHI Shipbuilding")) == [shipbuilding.pk]
    response = curator_api.delete(f"/api/v1/entities/{shipbuilding.pk}/")
    assert response.status_code == 204, response.content
    assert screen(api, "MHI Shipbuilding")["matches"] == []
    assert screen(api, "Mitsubishi Heavy Industries Shipbuilding")["matches"] == []


def test_the_index_sees_a_new_entity(api: APIClient, registry: Registry) -> None:
    assert screen(api, "Kawasaki Heavy Industries")["matches"] == []

    khi = EntityFactory(slug="khi", name="Kawasaki Heavy Industries, Ltd.")

    assert matched_ids(screen(api, "Kawasaki Heavy Industries")) == [khi.pk]


# --- cost ------------------------------------------------------------------------------------


def _screening_queries(api: APIClient, name: str) -> tuple[int, int]:
    """(queries, matches) of one warm screening of ``name``."""
    params = {"as_of": "2026-03-01", "threshold": 50, "limit": 100}
    screen(api, name, **params)  # builds the index if needed
    with CaptureQueriesContext(connection) as queries:
        body = screen(api, name, **params)
    return len(queries), len(body["matches"])


def test_query_count_is_fixed(api: APIClient, registry: Registry) -> None:
    few_queries, few_matches = _screening_queries(api, "IHI Aerospace")

    parent = EntityFactory(slug="ihi-group", name="IHI Aerospace Group")
    for n in range(20):
        entity = EntityFactory(name=f"IHI Aerospace {n} Co., Ltd.", parent=parent)
        EntityAliasFactory(entity=entity, name=f"IHI Aerospace Unit {n}")
    EntityRestrictionFactory(measure=registry.end_user_list, entity=parent)
    many_queries, many_matches = _screening_queries(api, "IHI Aerospace")

    assert many_matches > few_matches + 10  # and most of them carry inherited restrictions
    assert many_queries == few_queries
    assert many_queries <= 5
