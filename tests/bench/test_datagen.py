"""The benchmark dataset generator (bench/datagen) at a tiny scale: counts, determinism, valid
relations, history rows and change events.

``bench.datagen`` is installed only by the benchmark settings, so the command is called as an
object rather than by name."""

import io
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from rest_framework.test import APIClient

from apps.agreements.models import Agreement, AgreementParty
from apps.changes.models import ChangeEvent
from apps.controls.models import ControlMeasure, EntityRestriction
from apps.deposits.models import Deposit, DepositCitation, ResourceEstimate, tonnes
from apps.elements.models import Element
from apps.entities.models import Entity, EntityAlias
from apps.screening.index import name_index
from apps.sources.models import Source
from bench.datagen.generator import PREFIX, Scale, generate
from bench.datagen.management.commands.generate_dataset import Command as GenerateDataset

TINY = Scale(sources=12, entities=80, deposits=90, agreements=10, measures=12)
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def seeded(db: None) -> None:
    """The 118 elements of seeds/elements.yaml: all the generator needs (the full curated
    seed takes seconds)."""
    records = yaml.safe_load((settings.SEEDS_DIR / "elements.yaml").read_text())
    elements = [Element(**record) for record in records]
    for element in elements:
        element.search_text = element.compute_search_text()
    Element.objects.bulk_create(elements)


def generated(model):  # type: ignore[no-untyped-def]
    return model.objects.filter(slug__startswith=PREFIX)


def snapshot() -> dict[str, list[tuple]]:
    return {
        "deposits": list(
            generated(Deposit)
            .order_by("id")
            .values_list(
                "id",
                "slug",
                "name",
                "country",
                "region",
                "latitude",
                "longitude",
                "status",
                "operator_id",
                "created_at",
            )
        ),
        "elements": list(
            Deposit.elements.through.objects.order_by("deposit_id", "element_id").values_list(
                "deposit_id", "element_id"
            )
        ),
        "entities": list(generated(Entity).order_by("id").values_list("id", "name", "parent_id")),
        "estimates": list(
            generated(ResourceEstimate).order_by("id").values_list("id", "quantity", "unit")
        ),
        "events": list(ChangeEvent.objects.order_by("id").values_list("id", "resource", "at")),
    }


def run(seed: int) -> dict[str, list[tuple]]:
    """Generate inside a savepoint, take a snapshot, roll back."""
    result: dict[str, list[tuple]] = {}
    try:
        with transaction.atomic():
            generate("S", seed, sizes=TINY, epoch=EPOCH, analyze=False)
            result = snapshot()
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    return result


def test_counts_and_fan_out(seeded: None) -> None:
    report = generate("S", 7, sizes=TINY, epoch=EPOCH, analyze=False)

    assert generated(Deposit).count() == TINY.deposits
    assert generated(Entity).count() == TINY.entities
    assert generated(Source).count() == TINY.sources
    assert generated(Agreement).count() == TINY.agreements
    assert generated(ControlMeasure).count() == TINY.measures
    assert report.rows["deposits_deposit"] == TINY.deposits

    per_deposit = Counter(
        Deposit.elements.through.objects.filter(deposit__slug__startswith=PREFIX).values_list(
            "deposit_id", flat=True
        )
    )
    assert len(per_deposit) == TINY.deposits
    assert all(3 <= n <= 8 for n in per_deposit.values())
    citations = Counter(
        DepositCitation.objects.filter(deposit__slug__startswith=PREFIX).values_list(
            "deposit_id", flat=True
        )
    )
    assert len(citations) == TINY.deposits
    assert all(1 <= n <= 3 for n in citations.values())
    estimates = generated(ResourceEstimate)
    assert 0.15 * TINY.deposits < estimates.count() < 0.55 * TINY.deposits
    assert all(1 <= e.deposits.count() <= 3 for e in estimates)
    assert EntityAlias.objects.filter(entity__slug__startswith=PREFIX).exists()
    assert AgreementParty.objects.filter(agreement__slug__startswith=PREFIX).count() >= (
        2 * TINY.agreements
    )
    assert EntityRestriction.objects.filter(measure__slug__startswith=PREFIX).exists()
    suspensions = generated(ControlMeasure).filter(kind="suspension")
    assert suspensions.exists()
    assert all(s.suspends.exists() for s in suspensions)


def test_deterministic_for_a_seed(seeded: None) -> None:
    first, again, other = run(3), run(3), run(4)
    assert first == again
    assert first["deposits"] != other["deposits"]


def test_records_pass_model_validation_and_derived_fields_agree(seeded: None) -> None:
    generate("S", 1, sizes=TINY, epoch=EPOCH, analyze=False)
    for model in (Deposit, Entity, Source, ResourceEstimate, Agreement, ControlMeasure):
        for record in generated(model).order_by("id")[:25]:
            record.full_clean()
            assert record.search_text == record.compute_search_text(), record
    with_aliases = generated(Entity).filter(aliases__isnull=False).distinct()
    assert with_aliases.exists()
    for entity in with_aliases:
        assert entity.search_text == entity.compute_search_text(), entity
    for estimate in generated(ResourceEstimate):
        assert estimate.quantity_tonnes == tonnes(estimate.quantity, estimate.unit)
        assert estimate.quantity > Decimal(0)
    for deposit in generated(Deposit):
        if deposit.region:
            assert deposit.region.startswith(f"{deposit.country}-")


def test_history_rows_and_change_events(seeded: None) -> None:
    before = ChangeEvent.objects.count()
    generate("S", 1, sizes=TINY, epoch=EPOCH, analyze=False)

    for model in (Deposit, Entity, Source, ResourceEstimate, Agreement, ControlMeasure):
        ids = set(generated(model).values_list("id", flat=True))
        history = model.history.filter(id__in=ids)  # type: ignore[attr-defined]
        assert history.count() == len(ids)
        assert set(history.values_list("history_type", flat=True)) == {"+"}
    assert (
        DepositCitation.history.filter(  # type: ignore[attr-defined]
            deposit_id__in=generated(Deposit).values("id")
        ).count()
        == DepositCitation.objects.filter(deposit__slug__startswith=PREFIX).count()
    )

    events = list(ChangeEvent.objects.filter(id__gt=before).order_by("id"))
    top_level = sum(
        generated(model).count()
        for model in (Deposit, Entity, Source, ResourceEstimate, Agreement, ControlMeasure)
    )
    assert len(events) == top_level
    assert {e.action for e in events} == {"created"}
    assert [e.at for e in events] == sorted(e.at for e in events)
    deposit_event = next(e for e in events if e.resource == "deposits")
    assert Deposit.history.get(history_id=deposit_event.history_id).id == int(  # type: ignore[attr-defined]
        deposit_event.object_id
    )
    assert "elements" in deposit_event.changed_fields

    # The feed serves them, and the screening index sees the generated names.
    response = APIClient().get("/api/v1/changes/", {"limit": 1000})
    assert response.status_code == 200
    assert len(response.json()["results"]) == before + len(events)
    names = {entry.name for entry in name_index().names}
    assert set(generated(Entity).values_list("name", flat=True)) <= names


def test_command_refuses_a_second_run_without_flush(seeded: None) -> None:
    sizes = ["--entities", "20", "--deposits", "10", "--sources", "5"]
    args = ["--scale", "S", "--agreements", "2", "--measures", "2", "--no-analyze", *sizes]
    call_command(GenerateDataset(), *args, stdout=io.StringIO())
    assert generated(Deposit).count() == 10
    with pytest.raises(CommandError, match="already holds generated data"):
        call_command(GenerateDataset(), *args, stdout=io.StringIO())
