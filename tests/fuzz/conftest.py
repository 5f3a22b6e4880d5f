"""Fixtures of the schema fuzzing: a small dataset to refer to, a curator's token, and an
in-process WSGI app that keeps the test's database connection (and transaction)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.authtoken.models import Token

from apps.agreements.models import Agreement
from apps.controls.models import ControlMeasure
from apps.deposits.models import Deposit, ResourceEstimate
from apps.elements.models import Element
from apps.entities.models import Entity
from apps.sources.models import Source
from tests import factories

#: The curator's token key. Fixed, because Schemathesis asks the auth provider once per
#: session (possibly while collecting) and every test creates its curator anew.
CURATOR_TOKEN = "fuzz0curator0token0fixed0for0the0suite0"

#: Ids and symbols of the records the hooks may refer to, filled by the ``dataset`` fixture.
EXISTING: dict[str, list[Any]] = {}


@pytest.fixture
def wsgi_keeps_connection() -> Iterator[None]:
    """Django's test client stops the request signals from closing the connection; a raw
    WSGI call does not, and closing it mid-test would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def curator_headers(curator: User) -> dict[str, str]:
    token = Token.objects.create(user=curator, key=CURATOR_TOKEN)
    return {"Authorization": f"Token {token.key}"}


@pytest.fixture
def dataset(db: None) -> dict[str, list[Any]]:
    """Every element, and a few linked records of each resource (with citations)."""
    cache.clear()  # throttle counters
    Element.objects.bulk_create(
        Element(
            symbol=symbol,
            name=name,
            atomic_number=z,
            is_rare_earth=z in factories.RARE_EARTH_NUMBERS,
            ree_group=factories.ree_group_of(z),
        )
        for z, (symbol, name) in enumerate(factories.PERIODIC_TABLE, 1)
    )
    source = factories.SourceFactory()
    parent = factories.EntityFactory(kind="company")
    entity = factories.EntityFactory(parent=parent)
    factories.EntityCitationFactory(entity=entity, source=source)
    deposit = factories.DepositFactory(operator=entity)
    factories.DepositFactory()
    factories.ResourceEstimateFactory(deposits=[deposit], source=source)
    agreement = factories.AgreementFactory()
    factories.AgreementPartyFactory(agreement=agreement, entity=entity)
    measure = factories.ControlMeasureFactory()
    factories.ElementControlFactory(measure=measure, element=Element.objects.get(symbol="Dy"))
    factories.EntityRestrictionFactory(measure=measure, entity=entity)
    factories.ControlMeasureFactory(
        suspension=True, suspends=[measure], effective_from=datetime.date(2025, 11, 10)
    )
    EXISTING.clear()
    for key, model in {
        "sources": Source,
        "entities": Entity,
        "deposits": Deposit,
        "resource-estimates": ResourceEstimate,
        "agreements": Agreement,
        "control-measures": ControlMeasure,
    }.items():
        EXISTING[key] = sorted(model._default_manager.values_list("pk", flat=True))
    EXISTING["elements"] = ["Dy", "Tb", "Nd", "Pr", "La", "Li", "Co"]
    return EXISTING
