"""Data for the admin tests, built with the ORM: one record of every model, all related.

Dates are relative to today so "in force today" keeps its meaning whenever the suite runs:
``licensing`` is in force, ``ban`` is suspended by ``suspension`` (in force), ``expired``
ended yesterday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.agreements.models import Agreement, AgreementCitation, AgreementParty
from apps.controls.models import (
    ControlMeasure,
    ControlMeasureCitation,
    ElementControl,
    EntityRestriction,
    EntityRestrictionCitation,
)
from apps.deposits.models import Deposit, DepositCitation, ResourceEstimate
from apps.elements.models import Element, ElementCitation
from apps.entities.models import Entity, EntityAlias, EntityCitation
from apps.sources.models import Source


@dataclass
class AdminData:
    source: Source
    dy: Element
    nd: Element
    india: Entity
    mofcom: Entity
    company: Entity
    alias: EntityAlias
    deposit: Deposit
    other_deposit: Deposit
    estimate: ResourceEstimate
    agreement: Agreement
    party: AgreementParty
    licensing: ControlMeasure
    ban: ControlMeasure
    suspension: ControlMeasure
    expired: ControlMeasure
    element_control: ElementControl
    restriction: EntityRestriction


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def make_measure(authority: Entity, slug: str, kind: str, **dates: date | None) -> ControlMeasure:
    return ControlMeasure.objects.create(
        slug=slug,
        reference=f"Announcement {slug}",
        title=f"Measure {slug}",
        authority=authority,
        kind=kind,
        effective_from=dates.get("effective_from") or days_ago(100),
        effective_to=dates.get("effective_to"),
    )


@pytest.fixture
def admin_data(db: None) -> AdminData:
    source = Source.objects.create(
        slug="news-rare-earths",
        title="India and Japan discuss rare-earth cooperation",
        publisher="Example Wire",
        published_on=date(2026, 3, 4),
        kind="news",
    )
    dy = Element.objects.create(
        symbol="Dy", name="Dysprosium", atomic_number=66, is_rare_earth=True, ree_group="heavy"
    )
    nd = Element.objects.create(
        symbol="Nd", name="Neodymium", atomic_number=60, is_rare_earth=True, ree_group="light"
    )
    Element.objects.create(symbol="Fe", name="Iron", atomic_number=26)
    ElementCitation.objects.create(element=dy, source=source, confidence="reported")

    india = Entity.objects.create(
        slug="government-of-india", name="Government of India", kind="state", country="IN"
    )
    mofcom = Entity.objects.create(
        slug="mofcom", name="Ministry of Commerce of China", kind="government_body", country="CN"
    )
    company = Entity.objects.create(
        slug="ire",
        name="IREL (India) Limited",
        kind="state_owned_enterprise",
        country="IN",
        parent=india,
    )
    alias = EntityAlias.objects.create(entity=company, name="Indian Rare Earths", kind="former")
    EntityCitation.objects.create(entity=company, source=source, confidence="official")

    deposit = Deposit.objects.create(
        slug="rajasthan-ree",
        name="Rajasthan rare-earth deposit",
        country="IN",
        region="IN-RJ",
        latitude=Decimal("26.91240"),
        longitude=Decimal("75.78730"),
        deposit_type="carbonatite",
        status="reported",
        operator=company,
        announced_on=date(2026, 3, 4),
    )
    deposit.elements.set([dy, nd])
    DepositCitation.objects.create(deposit=deposit, source=source, confidence="reported")
    other_deposit = Deposit.objects.create(
        slug="odisha-sands",
        name="Odisha beach sands",
        country="IN",
        region="IN-OD",
        deposit_type="placer",
        status="producing",
    )
    estimate = ResourceEstimate.objects.create(
        slug="rajasthan-2026",
        quantity=Decimal("1.2"),
        unit="Mt",
        material="REO",
        category="unclassified",
        as_of=date(2026, 3, 4),
        source=source,
    )
    estimate.deposits.set([deposit, other_deposit])

    agreement = Agreement.objects.create(
        slug="india-japan-rare-earths",
        title="India-Japan rare-earth cooperation memorandum",
        kind="memorandum",
        status="signed",
        signed_on=date(2026, 3, 4),
    )
    agreement.elements.set([dy])
    agreement.deposits.set([deposit])
    party = AgreementParty.objects.create(agreement=agreement, entity=india, role="signatory")
    AgreementCitation.objects.create(agreement=agreement, source=source, confidence="reported")

    licensing = make_measure(mofcom, "licensing", "export_licensing")
    ban = make_measure(mofcom, "ban", "export_ban")
    suspension = make_measure(mofcom, "suspension", "suspension", effective_from=days_ago(10))
    suspension.suspends.set([ban])
    expired = make_measure(mofcom, "expired", "export_ban", effective_to=days_ago(1))
    ControlMeasureCitation.objects.create(measure=licensing, source=source, confidence="official")
    element_control = ElementControl.objects.create(measure=licensing, element=dy, scope="metal")
    restriction = EntityRestriction.objects.create(measure=licensing, entity=company, note="")
    EntityRestrictionCitation.objects.create(
        restriction=restriction, source=source, confidence="reported"
    )
    return AdminData(
        source=source,
        dy=dy,
        nd=nd,
        india=india,
        mofcom=mofcom,
        company=company,
        alias=alias,
        deposit=deposit,
        other_deposit=other_deposit,
        estimate=estimate,
        agreement=agreement,
        party=party,
        licensing=licensing,
        ban=ban,
        suspension=suspension,
        expired=expired,
        element_control=element_control,
        restriction=restriction,
    )
