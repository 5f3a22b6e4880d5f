"""The ``seed`` command: loads, upserts idempotently, and refuses bad input all or nothing.

Most tests use the small set in fixtures/seeds/minimal/ (or a changed copy of it in
``tmp_path``); one loads the real dataset in seeds/.
"""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.agreements.models import Agreement, AgreementParty
from apps.controls.models import (
    ControlMeasure,
    ElementControl,
    EntityRestriction,
    EntityRestrictionCitation,
)
from apps.controls.selectors import measures_in_force_on
from apps.deposits.models import Deposit, DepositCitation, ResourceEstimate
from apps.elements.models import Element
from apps.entities.models import Entity, EntityAlias
from apps.provenance.seeding import SeedError, seed_load
from apps.provenance.services import Outcome
from apps.sources.models import Source

pytestmark = pytest.mark.django_db

MINIMAL = Path(settings.BASE_DIR) / "fixtures" / "seeds" / "minimal"
Record = dict[str, Any]


def seed(directory: Path) -> str:
    """Run ``manage.py seed --directory`` and return what it printed."""
    out = StringIO()
    call_command("seed", directory=directory, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows in every table we own or use: models, history models and many-to-many tables."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def history_counts() -> dict[str, int]:
    return {
        label: count
        for label, count in row_counts().items()
        if label.split(".")[1].startswith("Historical")
    }


def copy_of_minimal(tmp_path: Path) -> Path:
    directory = tmp_path / "seeds"
    shutil.copytree(MINIMAL, directory)
    return directory


def edit(directory: Path, filename: str, change: Callable[[list[Record]], None]) -> None:
    path = directory / filename
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(yaml.safe_dump(records, sort_keys=False, allow_unicode=True), "utf-8")


def edit_record(
    directory: Path, filename: str, slug: str, change: Callable[[Record], None]
) -> None:
    def change_one(records: list[Record]) -> None:
        change(next(record for record in records if record.get("slug") == slug))

    edit(directory, filename, change_one)


# --- loading -------------------------------------------------------------------------------


def test_minimal_set_loads_every_record() -> None:
    output = seed(MINIMAL)

    assert {
        "sources": Source.objects.count(),
        "elements": Element.objects.count(),
        "entities": Entity.objects.count(),
        "aliases": EntityAlias.objects.count(),
        "deposits": Deposit.objects.count(),
        "estimates": ResourceEstimate.objects.count(),
        "agreements": Agreement.objects.count(),
        "parties": AgreementParty.objects.count(),
        "measures": ControlMeasure.objects.count(),
        "controlled elements": ElementControl.objects.count(),
        "restrictions": EntityRestriction.objects.count(),
        "restriction citations": EntityRestrictionCitation.objects.count(),
    } == {
        "sources": 3,
        "elements": 7,
        "entities": 6,
        "aliases": 3,
        "deposits": 2,
        "estimates": 1,
        "agreements": 2,
        "parties": 4,
        "measures": 4,
        "controlled elements": 4,
        "restrictions": 2,
        "restriction citations": 2,
    }
    assert "entities.yaml: 6 created, 0 updated, 0 unchanged," in output
    assert "control_measures.yaml: 4 created, 0 updated, 0 unchanged," in output


def test_minimal_set_links_records_by_natural_key() -> None:
    seed(MINIMAL)

    ministry = Entity.objects.get(slug="india-ministry-of-mines")
    assert ministry.parent == Entity.objects.get(slug="government-of-india")
    assert list(Entity.objects.get(slug="jaxa").aliases.values_list("name", "kind")) == [
        ("JAXA", "abbreviation")
    ]
    deposit = Deposit.objects.get(slug="test-hard-rock-unnamed-1")
    assert (deposit.region, deposit.latitude) == ("IN-RJ", Decimal("26.91240"))
    assert sorted(deposit.elements.values_list("symbol", flat=True)) == ["Ce", "La", "Nd"]
    assert [c.confidence for c in deposit.citations.all()] == ["official", "unconfirmed"]
    estimate = ResourceEstimate.objects.get(slug="test-hard-rock-2026-01-28")
    assert estimate.quantity_tonnes == Decimal(1_290_000)
    assert set(estimate.deposits.values_list("slug", flat=True)) == {
        "test-hard-rock-unnamed-1",
        "test-hard-rock-unnamed-2",
    }
    talks = Agreement.objects.get(slug="test-rajasthan-exploration-talks")
    assert talks.parent is not None and talks.parent.slug == "test-india-japan-moc-2025"
    assert list(talks.parties.values_list("entity__slug", "role")) == [
        ("government-of-japan", "technology_provider"),
        ("government-of-india", "signatory"),
    ]
    suspension = ControlMeasure.objects.get(slug="test-mofcom-2025-70")
    assert list(suspension.suspends.values_list("slug", flat=True)) == ["test-mofcom-2025-57"]
    in_force = set(measures_in_force_on(datetime.date(2026, 3, 1)).values_list("slug", flat=True))
    assert in_force == {"test-mofcom-2025-18", "test-mofcom-2025-70", "test-mofcom-2026-11"}
    restriction = EntityRestriction.objects.get(entity__slug="jaxa")
    assert restriction.measure.reference == "MOFCOM Announcement No. 11 of 2026"
    assert [c.note for c in restriction.citations.all()] == ["Quoted annex, row 20."]


def test_seed_load_returns_what_it_wrote() -> None:
    report = seed_load(directory=MINIMAL)

    assert {name: counts[Outcome.CREATED] for name, counts in report.counts.items()} == {
        "sources.yaml": 3,
        "elements.yaml": 7,
        "entities.yaml": 6,
        "deposits.yaml": 2,
        "resource_estimates.yaml": 1,
        "agreements.yaml": 2,
        "control_measures.yaml": 4,
    }
    assert {
        sum(counts.values()) - counts[Outcome.CREATED] for counts in report.counts.values()
    } == {0}
    assert report.notices == []


# --- idempotence and updates ----------------------------------------------------------------


def test_second_run_changes_nothing() -> None:
    seed(MINIMAL)
    counts = row_counts()
    stamps = dict(Deposit.objects.values_list("slug", "updated_at"))

    output = seed(MINIMAL)

    assert row_counts() == counts
    assert sum(history_counts().values()) > 0
    assert dict(Deposit.objects.values_list("slug", "updated_at")) == stamps
    lines = output.strip().splitlines()
    assert len(lines) == 7
    assert all(": 0 created, 0 updated, " in line for line in lines), output


def test_changing_one_value_updates_exactly_that_record(tmp_path: Path) -> None:
    seed(MINIMAL)
    directory = copy_of_minimal(tmp_path)
    edit_record(
        directory,
        "deposits.yaml",
        "test-hard-rock-unnamed-2",
        lambda record: record.update(status="exploration"),
    )
    counts = row_counts()
    history = history_counts()

    output = seed(directory)

    assert Deposit.objects.get(slug="test-hard-rock-unnamed-2").status == "exploration"
    assert Deposit.objects.get(slug="test-hard-rock-unnamed-1").status == "identified"
    new_history = {
        label: count - history[label]
        for label, count in history_counts().items()
        if count != history[label]
    }
    assert new_history == {"deposits.HistoricalDeposit": 1}
    after = row_counts()
    assert after.pop("changes.ChangeEvent") == counts.pop("changes.ChangeEvent") + 1
    assert {k: v for k, v in after.items() if "Historical" not in k} == {
        k: v for k, v in counts.items() if "Historical" not in k
    }
    assert "deposits.yaml: 0 created, 1 updated, 1 unchanged," in output
    assert output.count(": 0 created, 0 updated, ") == 6


def test_changing_a_nested_citation_note_updates_it(tmp_path: Path) -> None:
    seed(MINIMAL)
    directory = copy_of_minimal(tmp_path)

    def new_note(record: Record) -> None:
        record["restricted_entities"][0]["citations"][0]["note"] = "Annex row 20, checked."

    edit_record(directory, "control_measures.yaml", "test-mofcom-2026-11", new_note)
    edit_record(
        directory,
        "deposits.yaml",
        "test-hard-rock-unnamed-1",
        lambda record: record["citations"][1].update(note="Coordinates from a map."),
    )
    measure = ControlMeasure.objects.get(slug="test-mofcom-2026-11")
    measure_history = measure.history.count()

    output = seed(directory)

    restriction = EntityRestriction.objects.get(entity__slug="jaxa")
    assert [c.note for c in restriction.citations.all()] == ["Annex row 20, checked."]
    assert restriction.note == "Row 20 of the annex."
    assert list(
        DepositCitation.objects.filter(deposit__slug="test-hard-rock-unnamed-1").values_list(
            "confidence", "note"
        )
    ) == [
        ("official", "Three deposits, not named."),
        ("unconfirmed", "Coordinates from a map."),
    ]
    assert measure.history.count() == measure_history + 1
    assert EntityRestrictionCitation.objects.count() == 2
    assert "control_measures.yaml: 0 created, 1 updated, 3 unchanged," in output
    assert "deposits.yaml: 0 created, 1 updated, 1 unchanged," in output


# --- bad input ------------------------------------------------------------------------------


def set_value(field: str, value: Any) -> Callable[[Record], None]:
    return lambda record: record.update({field: value})


def duplicate_jaxa(records: list[Record]) -> None:
    records.append(dict(next(r for r in records if r["slug"] == "jaxa"), name="JAXA again"))


def bad_party(record: Record) -> None:
    record["parties"][0]["entity"] = "no-such-ministry"


BAD_INPUT = {
    # case: (file, record slug, change, field named in the error, text the message must hold)
    "invalid country code": (
        "deposits.yaml",
        "test-hard-rock-unnamed-2",
        set_value("country", "XX"),
        "country",
        "'XX'",
    ),
    "invalid region code": (
        "deposits.yaml",
        "test-hard-rock-unnamed-2",
        set_value("region", "IN-XX"),
        "region",
        "'IN-XX'",
    ),
    "latitude 200": (
        "deposits.yaml",
        "test-hard-rock-unnamed-1",
        set_value("latitude", 200),
        "latitude",
        "between -90 and 90",
    ),
    "quantity 0": (
        "resource_estimates.yaml",
        "test-hard-rock-2026-01-28",
        set_value("quantity", "0"),
        "quantity",
        "greater than zero",
    ),
    "end date before start": (
        "control_measures.yaml",
        "test-mofcom-2025-70",
        set_value("effective_to", datetime.date(2025, 11, 9)),
        "effective_to",
        "(2025-11-09) must be on or after the start date (2025-11-10)",
    ),
    "entity that does not exist": (
        "agreements.yaml",
        "test-india-japan-moc-2025",
        bad_party,
        "parties.0.entity",
        "No entity with slug 'no-such-ministry'",
    ),
    "element symbol that does not exist": (
        "deposits.yaml",
        "test-hard-rock-unnamed-1",
        set_value("elements", ["La", "Xx"]),
        "elements",
        "No element with symbol 'Xx'",
    ),
    "duplicate natural key": ("entities.yaml", "jaxa", None, "slug", "Duplicate natural key"),
    "unknown field": (
        "agreements.yaml",
        "test-rajasthan-exploration-talks",
        set_value("colour", "red"),
        "colour",
        "Unknown field",
    ),
}


@pytest.mark.parametrize(
    ("filename", "slug", "change", "field", "text"),
    list(BAD_INPUT.values()),
    ids=list(BAD_INPUT),
)
def test_bad_input_is_refused_and_nothing_is_written(
    tmp_path: Path,
    filename: str,
    slug: str,
    change: Callable[[Record], None] | None,
    field: str,
    text: str,
) -> None:
    seed(MINIMAL)
    directory = copy_of_minimal(tmp_path)
    # A valid change in a file loaded first, so a partial write would show.
    edit_record(
        directory,
        "sources.yaml",
        "test-mofcom-announcements",
        set_value("title", "Changed before the bad record"),
    )
    if change is None:
        edit(directory, filename, duplicate_jaxa)
    else:
        edit_record(directory, filename, slug, change)
    counts = row_counts()

    with pytest.raises(CommandError) as caught:
        seed(directory)

    message = str(caught.value)
    assert message.startswith("Seed refused, nothing was written. ")
    assert f"{filename}: record '{slug}': field '{field}': " in message
    assert text in message
    assert row_counts() == counts
    assert Source.objects.get(slug="test-mofcom-announcements").title == (
        "Export-control announcements (test translation)"
    )


def test_seed_error_carries_file_record_and_field(tmp_path: Path) -> None:
    directory = copy_of_minimal(tmp_path)
    edit_record(
        directory, "deposits.yaml", "test-hard-rock-unnamed-1", set_value("region", "JP-13")
    )

    with pytest.raises(SeedError) as caught:
        seed_load(directory=directory)

    error = caught.value
    assert (error.filename, error.record, error.field_path) == (
        "deposits.yaml",
        "test-hard-rock-unnamed-1",
        "region",
    )
    assert "Region 'JP-13' is not in country 'IN'." in str(error)
    assert not Source.objects.exists()


def test_missing_file_is_refused(tmp_path: Path) -> None:
    directory = copy_of_minimal(tmp_path)
    (directory / "agreements.yaml").unlink()

    with pytest.raises(CommandError, match=r"agreements\.yaml"):
        seed(directory)

    assert not Entity.objects.exists()


# --- the real dataset -----------------------------------------------------------------------

REAL = Path(settings.SEEDS_DIR)
KNOWN_DEPOSIT_NAMES = ("ambadungar", "bhatikhera", "balotra", "kamthai")


@pytest.mark.skipif(
    not (REAL / "control_measures.yaml").exists(),
    reason="seeds/control_measures.yaml is not written yet",
)
def test_real_dataset_loads_with_the_known_facts() -> None:
    seed(REAL)

    assert Element.objects.count() == 118
    assert Element.objects.filter(is_rare_earth=True).count() == 17
    assert Element.objects.get(symbol="Sc").ree_group is None
    assert Element.objects.get(symbol="Dy").ree_group == "heavy"
    assert Element.objects.get(symbol="Nd").ree_group == "light"

    figures = ResourceEstimate.objects.filter(quantity_tonnes=Decimal(1_290_000))
    assert figures.exists()
    for estimate in figures:
        deposits = list(estimate.deposits.all())
        assert len(deposits) == 3, estimate.slug
        for deposit in deposits:
            text = f"{deposit.slug} {deposit.name}".lower()
            assert not any(name in text for name in KNOWN_DEPOSIT_NAMES), deposit.slug
            assert deposit.citations.filter(confidence="unconfirmed").exists(), deposit.slug

    assert "JAXA" in Entity.objects.get(
        name="Japan Aerospace Exploration Agency"
    ).aliases.values_list("name", flat=True)

    announcement = ControlMeasure.objects.get(reference__contains="No. 11 of 2026")
    assert announcement.restricted_entities.count() == 19

    for model in (Deposit, ResourceEstimate, Agreement, ControlMeasure, EntityRestriction):
        uncited = model.objects.filter(citations__isnull=True)
        assert not uncited.exists(), f"{model.__name__} without citation: {list(uncited)}"

    history = history_counts()
    assert ": 0 created, 0 updated, " in seed(REAL)
    assert history_counts() == history
