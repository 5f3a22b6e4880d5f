"""Change lists cost the same number of queries whatever the number of rows shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.agreements.models import Agreement, AgreementParty
from apps.controls.models import (
    ControlMeasure,
    ElementControl,
    EntityRestriction,
    EntityRestrictionCitation,
)
from apps.deposits.models import Deposit, ResourceEstimate
from apps.elements.models import Element
from apps.entities.models import Entity, EntityAlias
from apps.sources.models import Source
from tests.admin.conftest import AdminData, make_measure
from tests.admin.helpers import admin_url


def add_source(d: AdminData, n: int) -> None:
    Source.objects.create(slug=f"source-{n}", title=f"Source {n}", kind="report")


def add_element(d: AdminData, n: int) -> None:
    Element.objects.create(symbol=f"E{n}", name=f"Element {n}", atomic_number=100 + n)


def add_entity(d: AdminData, n: int) -> None:
    Entity.objects.create(
        slug=f"entity-{n}", name=f"Entity {n}", kind="company", country="JP", parent=d.company
    )


def add_alias(d: AdminData, n: int) -> None:
    EntityAlias.objects.create(entity=d.mofcom, name=f"Alias {n}", kind="other")


def add_deposit(d: AdminData, n: int) -> None:
    deposit = Deposit.objects.create(
        slug=f"deposit-{n}",
        name=f"Deposit {n}",
        country="JP",
        deposit_type="other",
        status="reported",
        operator=d.company,
        announced_on=date(2025, 1, n + 1),
    )
    deposit.elements.set([d.dy, d.nd])


def add_estimate(d: AdminData, n: int) -> None:
    estimate = ResourceEstimate.objects.create(
        slug=f"estimate-{n}",
        quantity=Decimal(n + 1),
        unit="kt",
        material="ore",
        category="inferred",
        as_of=date(2025, 1, 1),
        source=d.source,
    )
    estimate.deposits.set([d.deposit, d.other_deposit])


def add_agreement(d: AdminData, n: int) -> None:
    agreement = Agreement.objects.create(
        slug=f"agreement-{n}",
        title=f"Agreement {n}",
        kind="framework",
        status="signed",
        parent=d.agreement,
    )
    AgreementParty.objects.create(agreement=agreement, entity=d.india, role="signatory")
    AgreementParty.objects.create(agreement=agreement, entity=d.company, role="offtaker")


def add_party(d: AdminData, n: int) -> None:
    entity = Entity.objects.create(slug=f"party-{n}", name=f"Party {n}", kind="company")
    AgreementParty.objects.create(agreement=d.agreement, entity=entity, role="financier")


def add_measure(d: AdminData, n: int) -> None:
    make_measure(d.mofcom, f"measure-{n}", "export_licensing")


def add_element_control(d: AdminData, n: int) -> None:
    measure = make_measure(d.mofcom, f"measure-{n}", "export_licensing")
    ElementControl.objects.create(measure=measure, element=d.nd, scope="oxide")


def add_restriction(d: AdminData, n: int) -> None:
    measure = make_measure(d.mofcom, f"measure-{n}", "end_user_restriction")
    restriction = EntityRestriction.objects.create(measure=measure, entity=d.company)
    EntityRestrictionCitation.objects.create(
        restriction=restriction, source=d.source, confidence="reported"
    )


GROWERS: list[tuple[type[models.Model], Callable[[AdminData, int], None]]] = [
    (Source, add_source),
    (Element, add_element),
    (Entity, add_entity),
    (EntityAlias, add_alias),
    (Deposit, add_deposit),
    (ResourceEstimate, add_estimate),
    (Agreement, add_agreement),
    (AgreementParty, add_party),
    (ControlMeasure, add_measure),
    (ElementControl, add_element_control),
    (EntityRestriction, add_restriction),
]


@pytest.mark.parametrize(("model", "grow"), GROWERS, ids=[m.__name__ for m, _ in GROWERS])
def test_changelist_queries_do_not_grow_with_rows(
    client: Client,
    curator: User,
    admin_data: AdminData,
    model: type[models.Model],
    grow: Callable[[AdminData, int], None],
) -> None:
    client.force_login(curator)
    url = admin_url(model, "changelist")

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), len(response.context["cl"].result_list)

    few, rows_before = queries()
    for n in range(4):
        grow(admin_data, n)
    many, rows_after = queries()
    assert rows_after == rows_before + 4
    assert many == few


def test_country_filter_offers_countries_in_use(
    client: Client, curator: User, admin_data: AdminData
) -> None:
    client.force_login(curator)
    response = client.get(admin_url(ControlMeasure, "changelist"))
    [country_filter] = [
        spec for spec in response.context["cl"].filter_specs if spec.title == "authority country"
    ]
    offered = [choice["display"] for choice in country_filter.choices(response.context["cl"])]
    assert offered == ["All", "China"]
    entities = client.get(admin_url(Entity, "changelist"), {"country": "IN"})
    assert {e.slug for e in entities.context["cl"].result_list} == {"government-of-india", "ire"}
    measures = client.get(admin_url(ControlMeasure, "changelist"), {"authority__country": "JP"})
    assert list(measures.context["cl"].result_list) == []
