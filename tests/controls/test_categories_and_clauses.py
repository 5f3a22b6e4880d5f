"""Restrictions by category and by clause, and answers that state their confidence and reach.

Checked against the seeded facts: MOFCOM No. 1 of 2026 (every dual-use item to Japanese
military users), No. 46 of 2024 (clause 1: US military users; clause 2: Ga, Ge, Sb and
superhard materials to the US) and its clause-2 suspension by No. 72 of 2025 (2025-11-09 to
2026-11-27), No. 58 of 2025 (batteries and graphite anode materials: items, not elements), and
China's measures verified through 2026-03-04.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from apps.controls.models import CategoryRestriction, ControlMeasure, SuspendedClause
from apps.core.testing import with_params
from apps.entities.models import Entity
from tests.admin.helpers import admin_url, post_data
from tests.factories import (
    ControlMeasureCitationFactory,
    ControlMeasureFactory,
    ElementControlFactory,
    ElementFactory,
    EntityFactory,
)

pytestmark = pytest.mark.django_db

NO_1 = "MOFCOM Announcement No. 1 of 2026"
NO_46 = "MOFCOM Announcement No. 46 of 2024"


@pytest.fixture
def seeded(db: None) -> None:
    call_command("seed", stdout=io.StringIO())


def get(api: APIClient, url: str, params: Any = None) -> dict[str, Any]:
    response = api.get(with_params(url, params))
    assert response.status_code == 200, response.content[:2000]
    return response.json()


def exposure(api: APIClient, entity: Entity, on: str) -> dict[str, Any]:
    return get(api, f"/api/v1/entities/{entity.pk}/exposure/", {"as_of": on})


def restricted_slugs(api: APIClient, on: str, **params: str) -> set[str]:
    body = get(
        api, "/api/v1/entities/", {"restricted": "true", "as_of": on, "limit": 1000, **params}
    )
    return {row["slug"] for row in body["results"]}


def test_japans_military_end_users_are_restricted_by_category(
    seeded: None, curator_api: APIClient
) -> None:
    api = APIClient()
    for slug in ("japan-ministry-of-defense", "japan-self-defense-forces"):
        body = exposure(api, Entity.objects.get(slug=slug), "2026-03-01")
        assert body["restricted"] is True
        [restriction] = body["restrictions"]  # the end-use rule matches no entity by itself
        assert restriction["reference"] == NO_1
        assert restriction["basis"] == "category"
        assert restriction["category"] == {
            "destination_country": "JP",
            "end_user_category": "military",
            "end_use": "",
        }
        assert "by category, not by listing" in restriction["reason"]
        assert restriction["inherited_from"] is None
        assert body["verified"] is True

    # Any entity of that category in Japan, including one a curator adds later.
    created = curator_api.post(
        "/api/v1/entities/",
        {
            "slug": "example-defence-agency",
            "name": "Example Defence Equipment Agency",
            "kind": "government_body",
            "country": "JP",
            "end_user_category": "military",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    restricted = restricted_slugs(api, "2026-03-01", country="JP")
    assert {
        "japan-ministry-of-defense",
        "japan-self-defense-forces",
        "example-defence-agency",
    } <= restricted
    assert "government-of-japan" not in restricted  # not a military end user
    # Before No. 1 of 2026 nobody in Japan was restricted by category.
    assert "japan-ministry-of-defense" not in restricted_slugs(api, "2026-01-05")


def test_screening_reports_a_category_restriction(seeded: None) -> None:
    body = get(
        APIClient(),
        "/api/v1/screening/",
        {"name": "Japan Self-Defense Forces", "as_of": "2026-03-01"},
    )
    top = body["matches"][0]
    assert top["entity"]["name"] == "Japan Self-Defense Forces"
    assert [(r["reference"], r["basis"]) for r in top["restrictions"]] == [(NO_1, "category")]


def test_a_suspended_clause_leaves_the_rest_of_the_measure_in_force(seeded: None) -> None:
    """No. 72 of 2025 suspends clause 2 of No. 46 of 2024 only."""
    api = APIClient()
    us_military = EntityFactory(
        slug="example-us-command", country="US", kind="military", end_user_category="military"
    )
    us_company = EntityFactory(slug="example-us-foundry", country="US", kind="company")

    before = exposure(api, us_company, "2025-06-01")
    assert [(r["reference"], r["clause"], r["basis"]) for r in before["restrictions"]] == [
        (NO_46, "2", "category")
    ]
    assert {row["element"] for row in before["restrictions"][0]["blocked_elements"]} == {
        "Ga",
        "Ge",
        "Sb",
    }
    during = exposure(api, us_company, "2025-12-01")
    assert during["restricted"] is False and during["restrictions"] == []

    military = exposure(api, us_military, "2025-12-01")
    assert [(r["reference"], r["clause"]) for r in military["restrictions"]] == [(NO_46, "1")]

    ga = get(api, "/api/v1/controlled-elements/", {"as_of": "2025-06-01", "element": "Ga"})
    assert [(m["reference"], m["clause"]) for m in ga["results"][0]["measures"]] == [(NO_46, "2")]
    suspended = get(api, "/api/v1/controlled-elements/", {"as_of": "2025-12-01", "element": "Ga"})
    assert suspended["results"] == []
    # The measure itself stays in force: the suspension narrows to clause 2.
    listed = get(api, "/api/v1/control-measures/", {"in_force_on": "2025-12-01", "limit": 100})
    assert {"mofcom-2024-46", "mofcom-2025-72"} <= {row["slug"] for row in listed["results"]}


def test_items_that_are_not_elements_are_not_reported_as_elements(seeded: None) -> None:
    """No. 58 of 2025 controls batteries and artificial graphite anode materials: after No. 70
    ends, neither lithium nor carbon is a controlled element because of it."""
    body = get(
        APIClient(),
        "/api/v1/controlled-elements/",
        {"as_of": "2026-11-11", "element": ["Li", "C"]},
    )
    assert body["results"] == []
    no_58 = ControlMeasure.objects.get(slug="mofcom-2025-58")
    items = list(no_58.controlled_elements.values_list("element", "item"))
    assert items == [
        (None, "artificial graphite anode materials"),
        (None, "lithium batteries (items as listed in the announcement)"),
    ]


def test_placeholder_dates_say_they_are_unconfirmed(seeded: None) -> None:
    api = APIClient()
    for slug in ("mofcom-2025-55", "mofcom-2025-56", "mofcom-2025-58", "mofcom-2025-62"):
        measure = ControlMeasure.objects.get(slug=slug)
        detail = get(api, f"/api/v1/control-measures/{measure.pk}/")
        assert detail["effective_from_confidence"] == "unconfirmed", slug
    no_18 = ControlMeasure.objects.get(slug="mofcom-2025-18")
    assert get(api, f"/api/v1/control-measures/{no_18.pk}/")["effective_from_confidence"] == ""


def test_derived_answers_carry_the_date_and_citation_confidence(db: None) -> None:
    authority = EntityFactory(slug="ministry", country="CN", measures_verified_through="2026-01-31")
    measure = ControlMeasureFactory(
        authority=authority,
        kind="export_ban",
        effective_from="2026-01-01",
        effective_from_confidence="unconfirmed",
    )
    ElementControlFactory(measure=measure, element=ElementFactory(symbol="Dy"))
    ControlMeasureCitationFactory(measure=measure, confidence="official")
    ControlMeasureCitationFactory(measure=measure, confidence="reported")

    body = get(APIClient(), "/api/v1/controlled-elements/", {"as_of": "2026-01-15"})
    [control] = body["results"][0]["measures"]
    assert control["effective_from_confidence"] == "unconfirmed"
    assert control["confidence"] == "reported"  # the weakest of its citations
    assert body["verified"] is True
    assert body["coverage"] == [
        {
            "authority": authority.pk,
            "authority_name": authority.name,
            "verified_through": "2026-01-31",
        }
    ]


def test_answers_past_the_verified_date_say_the_state_is_unverified(seeded: None) -> None:
    """No source read says what happened when No. 70 (2026-11-10) and No. 72 (2026-11-27)
    ended; China's measures are verified through 2026-03-04."""
    api = APIClient()
    inside = get(api, "/api/v1/controlled-elements/", {"as_of": "2026-03-04"})
    assert (inside["verified"], inside["unverified_note"]) == (True, "")
    for on in ("2026-11-11", "2026-11-28"):
        body = get(api, "/api/v1/controlled-elements/", {"as_of": on})
        assert body["verified"] is False
        assert "verified through 2026-03-04" in body["unverified_note"]
        ministry = exposure(api, Entity.objects.get(slug="japan-ministry-of-defense"), on)
        assert ministry["verified"] is False
        assert "Ministry of Commerce" in ministry["unverified_note"]


def test_the_admin_shows_category_rules_and_who_is_restricted_today(
    seeded: None, curator_client: Client
) -> None:
    no_1 = ControlMeasure.objects.get(slug="mofcom-2026-1")
    page = curator_client.get(admin_url(ControlMeasure, "change", no_1.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "restricted categories" in html.lower()
    assert "Every dual-use item to Japanese military users." in html

    no_72 = ControlMeasure.objects.get(slug="mofcom-2025-72")
    assert curator_client.get(admin_url(ControlMeasure, "change", no_72.pk)).status_code == 200

    listing = curator_client.get(
        admin_url(Entity, "changelist"), {"restricted_today": "yes", "country": "JP"}
    )
    assert listing.status_code == 200
    names = [entity.name for entity in listing.context["cl"].result_list]
    assert "Ministry of Defense" in names
    assert "Government of Japan" not in names


def test_category_rules_and_clause_suspensions_have_admin_pages(
    seeded: None, curator_client: Client
) -> None:
    rule = CategoryRestriction.objects.filter(measure__slug="mofcom-2026-1").first()
    clause = SuspendedClause.objects.get(suspension__slug="mofcom-2025-72")
    for model, record in ((CategoryRestriction, rule), (SuspendedClause, clause)):
        assert record is not None
        for url in (
            admin_url(model, "changelist"),
            admin_url(model, "add"),
            admin_url(model, "change", record.pk),
            admin_url(model, "history", record.pk),
            admin_url(model, "import"),
            admin_url(model, "export"),
        ):
            assert curator_client.get(url).status_code == 200, url


def test_a_category_rule_edited_on_its_own_page_is_a_change_of_its_measure(
    seeded: None, curator_client: Client
) -> None:
    rule = CategoryRestriction.objects.get(
        measure__slug="mofcom-2026-1", end_user_category="military"
    )
    before = ControlMeasure.objects.get(slug="mofcom-2026-1").updated_at
    url = admin_url(CategoryRestriction, "change", rule.pk)
    data = post_data(curator_client.get(url)) | {"note": "Checked against the notice."}
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.content[:1000]
    assert ControlMeasure.objects.get(slug="mofcom-2026-1").updated_at > before
