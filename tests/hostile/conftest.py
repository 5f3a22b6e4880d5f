"""Fixtures of the hostile-input suite: clients, no throttling, and one record of everything.

Throttling is tested in tests/api; here it would only cut a long loop of refused requests
short with a 429, so the rates are lifted for the suite. The screening name index is per
process and keyed by history ids, which a rolled-back database can repeat: it starts fresh in
every test (as in tests/screening).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from apps.screening import index
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    ControlMeasureFactory,
    DepositFactory,
    ElementControlFactory,
    ElementFactory,
    EntityFactory,
    EntityRestrictionFactory,
    ResourceEstimateFactory,
    SourceFactory,
)
from tests.hostile.targets import World


@pytest.fixture(autouse=True)
def _fresh_state(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.clear()
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    monkeypatch.setattr(index, "_current", None)


@pytest.fixture
def world(db: None) -> World:
    element = ElementFactory(symbol="Dy")
    source = SourceFactory()
    entity = EntityFactory(name="Example Heavy Industries Co., Ltd.")
    deposit = DepositFactory(elements=[element], operator=entity)
    estimate = ResourceEstimateFactory(deposits=[deposit], source=source)
    agreement = AgreementFactory(elements=[element], deposits=[deposit])
    AgreementPartyFactory(agreement=agreement, entity=entity)
    measure = ControlMeasureFactory(effective_from=datetime.date(2025, 4, 4))
    ElementControlFactory(measure=measure, element=element)
    EntityRestrictionFactory(measure=measure, entity=entity)
    return World(
        element=element,
        source=source,
        entity=entity,
        authority=measure.authority,
        deposit=deposit,
        estimate=estimate,
        agreement=agreement,
        measure=measure,
    )
