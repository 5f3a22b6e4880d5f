"""What screening finds from what compliance users type, and how it says why.

The registry mirrors the seeded Japanese groups: MHI and KHI with listed subsidiaries, IHI with
its former name, NEC Aerospace Systems (restricted), Sumitomo Heavy Industries and enough
unrelated companies that "aerospace", "systems" and "heavy industries" are common words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from rest_framework.test import APIClient

from apps.controls.models import ControlMeasure
from apps.core.testing import assert_error, with_params
from apps.entities.models import Entity
from apps.screening.index import build_index
from apps.screening.services import DEFAULT_THRESHOLD, match_name
from tests.factories import (
    ControlMeasureFactory,
    EntityAliasFactory,
    EntityFactory,
    EntityRestrictionFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
SCREENING = "/api/v1/screening/"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@dataclass
class Groups:
    mhi: Entity
    mhi_shipbuilding: Entity
    mhi_aero_engines: Entity
    khi: Entity
    khi_aerospace: Entity
    kawaju_gifu: Entity
    ihi: Entity
    ihi_aerospace: Entity
    nec_aerospace: Entity
    sumitomo: Entity
    listing: ControlMeasure
    later_listing: ControlMeasure


@pytest.fixture
def groups(db: None) -> Groups:
    mhi = EntityFactory(slug="mhi", name="Mitsubishi Heavy Industries, Ltd.")
    EntityAliasFactory(entity=mhi, name="MHI", kind="abbreviation")
    EntityAliasFactory(entity=mhi, name="三菱重工業株式会社", kind="translation")
    EntityAliasFactory(entity=mhi, name="Mitsubishi Jūkōgyō Kabushiki-kaisha", kind="translation")
    mhi_shipbuilding = EntityFactory(
        slug="mhi-shipbuilding",
        name="Mitsubishi Heavy Industries Shipbuilding Co., Ltd.",
        parent=mhi,
    )
    mhi_aero_engines = EntityFactory(
        slug="mhi-aero-engines", name="Mitsubishi Heavy Industries Aero Engines, Ltd.", parent=mhi
    )
    # KHI without its abbreviation: "KHI" can only be read as initials.
    khi = EntityFactory(slug="khi", name="Kawasaki Heavy Industries, Ltd.")
    EntityAliasFactory(entity=khi, name="Kawasaki Jūkōgyō Kabushiki-gaisha", kind="translation")
    khi_aerospace = EntityFactory(
        slug="khi-aerospace-systems",
        name="Kawasaki Heavy Industries Aerospace Systems Company",
        parent=khi,
    )
    kawaju_gifu = EntityFactory(
        slug="kawaju-gifu", name="KAWAJU Gifu Engineering Co., Ltd.", parent=khi
    )
    ihi = EntityFactory(slug="ihi", name="IHI Corporation")
    EntityAliasFactory(
        entity=ihi, name="Ishikawajima-Harima Heavy Industries Co., Ltd.", kind="former"
    )
    ihi_aerospace = EntityFactory(slug="ihi-aerospace", name="IHI Aerospace Co., Ltd.", parent=ihi)
    nec = EntityFactory(slug="nec", name="NEC Corporation")
    nec_aerospace = EntityFactory(
        slug="nec-aerospace-systems", name="NEC Aerospace Systems, Ltd.", parent=nec
    )
    sumitomo = EntityFactory(slug="sumitomo-heavy", name="Sumitomo Heavy Industries")
    # Generic words in many names, as in any real registry.
    for n, name in enumerate(
        [
            "Fuji Aerospace Technology",
            "Mitsui Bussan Aerospace",
            "Orion Aerospace Systems",
            "Delta Power Systems",
            "Hokuto Marine Systems",
            "Sakura Heavy Industries",
            "Tenryu Heavy Industries",
            "Nagoya Aerospace Industries",
            "Kobe Systems Engineering",
            "Sendai Defense Systems",
        ]
    ):
        EntityFactory(slug=f"filler-{n}", name=name)
    listing = ControlMeasureFactory(
        slug="mofcom-2026-11",
        reference="MOFCOM Announcement No. 11 of 2026",
        kind="end_user_restriction",
        effective_from=D(2026, 2, 24),
    )
    later_listing = ControlMeasureFactory(
        slug="later-list",
        reference="A later list",
        kind="end_user_restriction",
        effective_from=D(2026, 6, 1),
    )
    for entity in (mhi_shipbuilding, mhi_aero_engines, khi_aerospace, nec_aerospace):
        EntityRestrictionFactory(measure=listing, entity=entity)
    EntityRestrictionFactory(measure=later_listing, entity=ihi_aerospace)
    return Groups(
        mhi,
        mhi_shipbuilding,
        mhi_aero_engines,
        khi,
        khi_aerospace,
        kawaju_gifu,
        ihi,
        ihi_aerospace,
        nec_aerospace,
        sumitomo,
        listing,
        later_listing,
    )


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def matches(api: APIClient, name: str, **params: Any) -> list[dict[str, Any]]:
    response = api.get(with_params(SCREENING, {"name": name, "as_of": "2026-03-01", **params}))
    assert response.status_code == 200, response.content[:2000]
    found: list[dict[str, Any]] = response.json()["matches"]
    return found


def best(api: APIClient, name: str, **params: Any) -> dict[str, Any]:
    found = matches(api, name, **params)
    assert found, f"no match for {name!r}"
    return found[0]


def ids(found: list[dict[str, Any]]) -> list[int]:
    return [match["entity"]["id"] for match in found]


# --- the queries of issue 12 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("Mitsubishi Shipbuilding", "mhi-shipbuilding"),
        ("MHI Aero Engines", "mhi-aero-engines"),
        ("Kawaju Gifu", "kawaju-gifu"),
        ("Kawasaki Jukogyo", "khi"),
        ("三菱重工業", "mhi"),
        ("Ishikawajima-Harima Heavy Industries Aerospace", "ihi-aerospace"),
        ("KHI Aerospace Systems", "khi-aerospace-systems"),
    ],
)
def test_what_users_type_finds_the_entity(
    api: APIClient, groups: Groups, query: str, slug: str
) -> None:
    match = best(api, query)

    assert match["entity"]["id"] == Entity.objects.get(slug=slug).pk
    assert match["score"] >= DEFAULT_THRESHOLD


# --- group awareness -------------------------------------------------------------------------


def test_a_parent_match_names_its_restricted_subsidiaries(api: APIClient, groups: Groups) -> None:
    match = best(api, "Mitsubishi Heavy Industries")

    assert match["entity"]["id"] == groups.mhi.pk
    assert match["restrictions"] == []  # the parent itself is not listed
    assert match["group"]["parent"] is None
    assert match["group"]["restricted_subsidiaries"] == [
        {
            "subsidiary": {"id": sub.pk, "name": sub.name},
            "measure": groups.listing.pk,
            "reference": "MOFCOM Announcement No. 11 of 2026",
            "kind": "end_user_restriction",
            "in_force": True,
        }
        for sub in (groups.mhi_shipbuilding, groups.mhi_aero_engines)
    ]


def test_a_subsidiary_listing_not_yet_in_force_is_reported_as_such(
    api: APIClient, groups: Groups
) -> None:
    before = best(api, "IHI Corporation", as_of="2026-03-01")
    after = best(api, "IHI Corporation", as_of="2026-07-01")

    [listed] = before["group"]["restricted_subsidiaries"]
    assert listed["subsidiary"]["id"] == groups.ihi_aerospace.pk
    assert listed["measure"] == groups.later_listing.pk
    assert listed["in_force"] is False
    assert after["group"]["restricted_subsidiaries"][0]["in_force"] is True


def test_a_subsidiary_match_names_its_parent(api: APIClient, groups: Groups) -> None:
    match = best(api, "Kawasaki Heavy Industries Aerospace Systems Company")

    assert match["entity"]["id"] == groups.khi_aerospace.pk
    assert match["group"]["parent"] == {"id": groups.khi.pk, "name": groups.khi.name}
    assert match["group"]["restricted_subsidiaries"] == []
    assert [r["measure"] for r in match["restrictions"]] == [groups.listing.pk]


# --- initials ------------------------------------------------------------------------------


def test_capitals_are_read_as_the_initials_of_leading_words(api: APIClient, groups: Groups) -> None:
    match = best(api, "KHI Aerospace Systems")

    assert match["entity"]["id"] == groups.khi_aerospace.pk
    tokens = match["explanation"]["tokens"]
    # Either the initials or the reading under the parent's name: KHI has no KHI alias here,
    # so it is the initials.
    assert tokens[0]["query"] == "khi"
    assert tokens[0]["how"] == "initials"
    assert tokens[0]["matched"] == ["kawasaki", "heavy", "industries"]
    assert match["explanation"]["reading"] is None


def test_lower_case_letters_are_not_initials(api: APIClient, groups: Groups) -> None:
    assert groups.khi_aerospace.pk not in ids(matches(api, "khi aerospace systems"))


# --- partial names -----------------------------------------------------------------------------


def test_a_query_found_in_order_in_a_longer_name_scores_above_the_threshold(
    api: APIClient, groups: Groups
) -> None:
    match = best(api, "Mitsubishi Shipbuilding")

    assert match["entity"]["id"] == groups.mhi_shipbuilding.pk
    assert DEFAULT_THRESHOLD < match["score"] < 100
    assert match["explanation"]["rule"] == "partial_name"
    unmatched = {item["token"] for item in match["explanation"]["unmatched_name_tokens"]}
    assert unmatched == {"heavy", "industries"}


def test_a_query_out_of_order_is_not_a_partial_name(api: APIClient, groups: Groups) -> None:
    found = matches(api, "Shipbuilding Mitsubishi")

    assert all(match["explanation"]["rule"] != "partial_name" for match in found)


def test_a_query_with_a_legal_form_is_a_whole_name(api: APIClient, groups: Groups) -> None:
    assert best(api, "Sumitomo Heavy")["entity"]["id"] == groups.sumitomo.pk
    assert matches(api, "Sumitomo Corporation") == []


def test_generic_words_alone_are_not_a_partial_name(api: APIClient, groups: Groups) -> None:
    assert matches(api, "Aerospace Systems") == []
    assert matches(api, "Heavy Industries") == []


# --- weights -----------------------------------------------------------------------------


def test_distinctive_words_decide(api: APIClient, groups: Groups) -> None:
    found = matches(api, "KHI Aerospace Systems")

    assert ids(found)[0] == groups.khi_aerospace.pk
    assert groups.nec_aerospace.pk not in ids(found)
    # NEC's name shares the two generic words only: far below the threshold.
    low = matches(api, "KHI Aerospace Systems", threshold=0)
    nec = next(m for m in low if m["entity"]["id"] == groups.nec_aerospace.pk)
    assert nec["score"] < 70


def test_the_explanation_gives_each_word_its_match_and_weight(
    api: APIClient, groups: Groups
) -> None:
    match = best(api, "Kawasaki Aerospace Systms")

    assert match["entity"]["id"] == groups.khi_aerospace.pk
    tokens = {token["query"]: token for token in match["explanation"]["tokens"]}
    assert tokens["kawasaki"] == {
        "query": "kawasaki",
        "matched": ["kawasaki"],
        "how": "exact",
        "similarity": 1.0,
        "weight": tokens["kawasaki"]["weight"],
    }
    assert tokens["systms"]["how"] == "typo"
    assert tokens["systms"]["matched"] == ["systems"]
    assert 0.9 < tokens["systms"]["similarity"] < 1
    # The rare word weighs more than the generic ones.
    assert tokens["kawasaki"]["weight"] > tokens["aerospace"]["weight"]
    assert tokens["kawasaki"]["weight"] > tokens["systms"]["weight"]


def test_an_unknown_word_is_reported_unmatched(api: APIClient, groups: Groups) -> None:
    found = matches(api, "Kawasaki Heavy Industries Toyota", threshold=0)
    match = next(m for m in found if m["entity"]["id"] == groups.khi.pk)

    toyota = next(t for t in match["explanation"]["tokens"] if t["query"] == "toyota")
    assert toyota["how"] == "unmatched"
    assert toyota["matched"] == []
    assert toyota["weight"] >= max(t["weight"] for t in match["explanation"]["tokens"])


def test_a_misspelt_legal_form_is_dropped_like_one(api: APIClient, groups: Groups) -> None:
    match = best(api, "Mitsubishi Heavy Industries Limitd")

    assert match["entity"]["id"] == groups.mhi.pk
    assert match["score"] == 100
    assert [t["query"] for t in match["explanation"]["tokens"]] == [
        "mitsubishi",
        "heavy",
        "industries",
    ]


# --- native script, romanisations, former names ------------------------------------------------


@pytest.mark.parametrize("query", ["三菱重工業", "三菱重工業株式会社", "三菱重工業\uff08株\uff09"])
def test_native_script_names(api: APIClient, groups: Groups, query: str) -> None:
    match = best(api, query)

    assert match["entity"]["id"] == groups.mhi.pk
    assert match["score"] == 100
    assert match["matched_name"] == "三菱重工業株式会社"
    assert match["explanation"]["alias_kind"] == "translation"


def test_a_romanised_name_without_its_long_vowels(api: APIClient, groups: Groups) -> None:
    match = best(api, "Mitsubishi Jukogyo")

    assert match["entity"]["id"] == groups.mhi.pk
    assert match["score"] == 100


def test_a_subsidiary_read_under_its_parents_former_name(api: APIClient, groups: Groups) -> None:
    match = best(api, "Ishikawajima-Harima Heavy Industries Aerospace")

    assert match["entity"]["id"] == groups.ihi_aerospace.pk
    assert match["matched_name"] == "IHI Aerospace Co., Ltd."
    assert DEFAULT_THRESHOLD < match["score"] < 100  # a reading never scores 100
    assert match["explanation"]["reading"] == {
        "parent": groups.ihi.pk,
        "replaced": "IHI Corporation",
        "used": "Ishikawajima-Harima Heavy Industries Co., Ltd.",
        "used_kind": "former",
    }
    assert match["group"]["parent"]["id"] == groups.ihi.pk


# --- determinism and bounds ----------------------------------------------------------------------


def test_scores_are_deterministic_and_bounded(api: APIClient, groups: Groups) -> None:
    for query in ("MHI", "Mitsubishi", "KHI Aerospace", "Kawasaki", "三菱"):
        first = matches(api, query, threshold=0)
        assert first == matches(api, query, threshold=0)
        assert all(0 < match["score"] <= 100 for match in first)


def test_the_index_can_be_built_without_a_database() -> None:
    """What bench/screening_eval.py relies on: the same scoring over rows from the seeds."""
    index = build_index(
        (0, 0),
        [(1, "Kawasaki Heavy Industries, Ltd.", "company", "JP", None)],
        [(1, "KHI", "abbreviation")],
    )

    [(scored, entry)] = match_name(index, "KHI", DEFAULT_THRESHOLD, ())
    assert (scored.score, entry.name) == (100.0, "KHI")


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["fuzzy", "mode", "initials", "min_score"])
def test_an_unknown_query_option_is_a_400_naming_it(
    api: APIClient, groups: Groups, option: str
) -> None:
    response = api.get(with_params(SCREENING, {"name": "MHI", option: "1"}))

    assert_error(response, 400, option)


def test_an_unknown_body_option_is_a_400_naming_it(api: APIClient, groups: Groups) -> None:
    response = api.post(SCREENING, {"names": ["MHI"], "fuzzy": True}, format="json")

    assert_error(response, 400, "fuzzy")


# --- the seeded names ----------------------------------------------------------------------------


def test_the_seeds_carry_the_names_screening_needs() -> None:
    records = {r["slug"]: r for r in yaml.safe_load((SEEDS / "entities.yaml").read_text())}
    aliases = {slug: {a["name"] for a in r["aliases"]} for slug, r in records.items()}

    assert {"MHI", "三菱重工業株式会社", "Mitsubishi Jūkōgyō Kabushiki-kaisha"} <= aliases["mhi"]
    assert {"KHI", "川崎重工業株式会社", "Kawasaki Jūkōgyō Kabushiki-gaisha"} <= aliases["khi"]
    assert {"IHI", "石川島播磨重工業株式会社"} <= aliases["ihi"]
    assert "JAXA" in aliases["jaxa"]
    forces = records["japan-self-defense-forces"]
    assert (forces["kind"], forces["country"], forces["parent"]) == (
        "military",
        "JP",
        "japan-ministry-of-defense",
    )
    ministry = records["japan-ministry-of-defense"]
    assert (ministry["kind"], ministry["country"]) == ("government_body", "JP")
    for slug in ("mhi", "khi", "ihi", "japan-ministry-of-defense", "japan-self-defense-forces"):
        assert records[slug]["citations"], slug
