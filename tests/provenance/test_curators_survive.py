"""Curators' work survives every ``make run``: the seed never overwrites what a curator changed.

Each test seeds the minimal set, changes a record the way a curator would (admin page, API,
admin import, a part's own admin page, a deletion), seeds again as ``make run`` does, and checks
that the change is still there, that nothing reached the change feed, and what the seed said.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from apps.agreements.models import Agreement, AgreementParty
from apps.changes.models import ChangeEvent
from apps.controls.models import ControlMeasure, EntityRestriction
from apps.deposits.models import Deposit
from apps.deposits.resources import DepositResource
from apps.entities.models import Entity, EntityAlias
from apps.provenance.models import LoadedRecord
from apps.provenance.services import Step, entry_hash, load_step
from tests.admin.helpers import admin_url, post_data
from tests.admin.test_import_export import export_rows, to_dataset
from tests.provenance.test_seed import MINIMAL, copy_of_minimal, edit_record, seed, set_value

pytestmark = pytest.mark.django_db

DEPOSIT = "test-hard-rock-unnamed-2"


def seed_again(directory: Path = MINIMAL) -> str:
    """A second ``make run``'s seed step; asserts that it wrote nothing to the feed."""
    events = ChangeEvent.objects.count()
    output = seed(directory)
    assert ChangeEvent.objects.count() == events, output
    return output


@pytest.fixture
def seeded() -> None:
    seed(MINIMAL)


# --- what curators change survives ---------------------------------------------------------


def test_coordinates_set_in_the_admin_survive(seeded: None, curator_client: Client) -> None:
    deposit = Deposit.objects.get(slug=DEPOSIT)
    page = curator_client.get(admin_url(Deposit, "change", deposit.pk))
    data = post_data(page) | {"latitude": "22.03000", "longitude": "73.98000"}
    assert curator_client.post(admin_url(Deposit, "change", deposit.pk), data).status_code == 302

    output = seed_again()

    deposit.refresh_from_db()
    assert (deposit.latitude, deposit.longitude) == (Decimal("22.03000"), Decimal("73.98000"))
    assert "deposits.yaml: 0 created, 0 updated, 1 unchanged, 1 kept, 0 conflict" in output


def test_coordinates_set_through_the_api_survive(seeded: None, curator_api: APIClient) -> None:
    deposit = Deposit.objects.get(slug=DEPOSIT)
    response = curator_api.patch(
        f"/api/v1/deposits/{deposit.pk}/",
        {"latitude": "22.03000", "longitude": "73.98000"},
        format="json",
    )
    assert response.status_code == 200, response.content

    seed_again()

    deposit.refresh_from_db()
    assert deposit.latitude == Decimal("22.03000")


def test_elements_added_by_an_admin_import_survive(seeded: None, curator_client: Client) -> None:
    rows = export_rows(DepositResource())
    rows[DEPOSIT]["elements"] = "La,Ce,Nd"
    upload = SimpleUploadedFile("deposits.csv", to_dataset(rows).csv.encode(), "text/csv")
    confirm = curator_client.post(
        admin_url(Deposit, "import"), {"resource": "0", "format": "0", "import_file": upload}
    )
    done = curator_client.post(
        admin_url(Deposit, "process_import"), confirm.context["confirm_form"].initial
    )
    assert done.status_code == 302

    seed_again()

    symbols = Deposit.objects.get(slug=DEPOSIT).elements.values_list("symbol", flat=True)
    assert sorted(symbols) == ["Ce", "La", "Nd"]


def test_a_restriction_edited_on_its_own_page_survives(
    seeded: None, curator_client: Client
) -> None:
    restriction = EntityRestriction.objects.get(entity__slug="jaxa")
    url = admin_url(EntityRestriction, "change", restriction.pk)
    data = post_data(curator_client.get(url)) | {"note": "Row 20; checked against the annex."}
    assert curator_client.post(url, data).status_code == 302

    output = seed_again()

    restriction = EntityRestriction.objects.get(entity__slug="jaxa")
    assert restriction.note == "Row 20; checked against the annex."
    assert "control_measures.yaml: 0 created, 0 updated, 3 unchanged, 1 kept" in output


def test_an_alias_added_on_its_own_page_survives(seeded: None, curator_client: Client) -> None:
    entity = Entity.objects.get(slug="jaxa")
    add = curator_client.post(
        admin_url(EntityAlias, "add"),
        {"entity": entity.pk, "name": "Uchu Koku Kenkyu Kaihatsu Kiko", "kind": "translation"},
    )
    assert add.status_code == 302, add.content[:2000]

    seed_again()

    assert sorted(entity.aliases.values_list("name", flat=True)) == [
        "JAXA",
        "Uchu Koku Kenkyu Kaihatsu Kiko",
    ]


def test_a_party_changed_on_its_own_page_survives(seeded: None, curator_client: Client) -> None:
    party = AgreementParty.objects.get(
        agreement__slug="test-rajasthan-exploration-talks", entity__slug="government-of-japan"
    )
    url = admin_url(AgreementParty, "change", party.pk)
    data = post_data(curator_client.get(url)) | {"role": "financier"}
    assert curator_client.post(url, data).status_code == 302

    seed_again()

    party.refresh_from_db()
    assert party.role == "financier"


def test_a_seeded_record_a_curator_deleted_is_not_brought_back(
    seeded: None, curator_api: APIClient
) -> None:
    agreement = Agreement.objects.get(slug="test-rajasthan-exploration-talks")
    assert curator_api.delete(f"/api/v1/agreements/{agreement.pk}/").status_code == 204

    output = seed_again()

    assert not Agreement.objects.filter(slug="test-rajasthan-exploration-talks").exists()
    assert "agreements.yaml: 0 created, 0 updated, 1 unchanged, 0 kept, 0 conflict, 1 withheld" in (
        output
    )
    assert (
        "agreements.yaml: 'test-rajasthan-exploration-talks': deleted by a curator, not restored"
        in output
    )


# --- what the seed files change is applied, unless a curator changed it too ------------------


def test_a_changed_entry_on_an_untouched_record_is_applied(seeded: None, tmp_path: Path) -> None:
    directory = copy_of_minimal(tmp_path)
    edit_record(directory, "deposits.yaml", DEPOSIT, set_value("status", "exploration"))
    events = ChangeEvent.objects.count()

    output = seed(directory)

    assert Deposit.objects.get(slug=DEPOSIT).status == "exploration"
    assert ChangeEvent.objects.count() == events + 1
    assert "deposits.yaml: 0 created, 1 updated, 1 unchanged" in output
    # ...and the next run, with the same file, leaves it alone.
    assert "deposits.yaml: 0 created, 0 updated, 2 unchanged" in seed_again(directory)


def test_a_conflict_is_reported_and_the_curators_value_kept(
    seeded: None, tmp_path: Path, curator_api: APIClient
) -> None:
    deposit = Deposit.objects.get(slug=DEPOSIT)
    curator_api.patch(f"/api/v1/deposits/{deposit.pk}/", {"status": "feasibility"}, format="json")
    directory = copy_of_minimal(tmp_path)
    edit_record(directory, "deposits.yaml", DEPOSIT, set_value("status", "exploration"))

    output = seed_again(directory)

    assert Deposit.objects.get(slug=DEPOSIT).status == "feasibility"
    assert "deposits.yaml: 0 created, 0 updated, 1 unchanged, 0 kept, 1 conflict" in output
    assert (
        f"deposits.yaml: '{DEPOSIT}': changed by a curator and in the seed file; "
        "kept the curator's status (--force applies the file)"
    ) in output
    # Reported again on every run until someone decides.
    assert "1 conflict" in seed_again(directory)


def test_a_conflict_the_curator_resolved_the_seeds_way_is_adopted(
    seeded: None, tmp_path: Path, curator_api: APIClient
) -> None:
    deposit = Deposit.objects.get(slug=DEPOSIT)
    curator_api.patch(f"/api/v1/deposits/{deposit.pk}/", {"status": "exploration"}, format="json")
    directory = copy_of_minimal(tmp_path)
    edit_record(directory, "deposits.yaml", DEPOSIT, set_value("status", "exploration"))

    output = seed_again(directory)

    assert "deposits.yaml: 0 created, 0 updated, 2 unchanged, 0 kept, 0 conflict" in output
    loaded = LoadedRecord.objects.get(dataset="seeds", key=DEPOSIT)
    assert loaded.record_version == Deposit.objects.get(slug=DEPOSIT).updated_at


def test_force_applies_the_files_over_curators(
    seeded: None, curator_api: APIClient, tmp_path: Path
) -> None:
    deposit = Deposit.objects.get(slug=DEPOSIT)
    curator_api.patch(f"/api/v1/deposits/{deposit.pk}/", {"status": "feasibility"}, format="json")
    agreement = Agreement.objects.get(slug="test-rajasthan-exploration-talks")
    curator_api.delete(f"/api/v1/agreements/{agreement.pk}/")

    out = StringIO()
    call_command("seed", directory=MINIMAL, force=True, stdout=out)

    assert Deposit.objects.get(slug=DEPOSIT).status == "identified"
    assert Agreement.objects.filter(slug="test-rajasthan-exploration-talks").exists()
    assert "left to curators" not in out.getvalue()
    assert "0 conflict" in seed_again()


def test_an_entry_naming_a_record_a_curator_deleted_is_reported_not_fatal(
    seeded: None, tmp_path: Path, curator_api: APIClient
) -> None:
    """The curator deleted an entity; a changed measure entry still names it."""
    measure = ControlMeasure.objects.get(slug="test-mofcom-2026-11")
    curator_api.patch(
        f"/api/v1/control-measures/{measure.pk}/", {"restricted_entities": []}, format="json"
    )
    entity = Entity.objects.get(slug="ihi-aerospace")
    assert curator_api.delete(f"/api/v1/entities/{entity.pk}/").status_code == 204
    directory = copy_of_minimal(tmp_path)
    edit_record(
        directory, "control_measures.yaml", "test-mofcom-2026-11", set_value("title", "Renamed")
    )

    output = seed_again(directory)

    assert "entities.yaml: 'ihi-aerospace': deleted by a curator" in output
    assert "'test-mofcom-2026-11': not loaded: its restricted_entities." in output
    assert ControlMeasure.objects.get(slug="test-mofcom-2026-11").title != "Renamed"


def test_a_database_seeded_before_provenance_keeps_curators_and_takes_seed_updates(
    seeded: None, tmp_path: Path, curator_api: APIClient
) -> None:
    """A database from before this rule has no loaded records: records only loaders wrote
    take the files' changes; a record a curator touched is a conflict."""
    LoadedRecord.objects.all().delete()
    touched = Deposit.objects.get(slug="test-hard-rock-unnamed-1")
    curator_api.patch(f"/api/v1/deposits/{touched.pk}/", {"status": "feasibility"}, format="json")
    directory = copy_of_minimal(tmp_path)
    for slug in ("test-hard-rock-unnamed-1", DEPOSIT):
        edit_record(directory, "deposits.yaml", slug, set_value("status", "exploration"))

    output = seed(directory)

    assert Deposit.objects.get(slug="test-hard-rock-unnamed-1").status == "feasibility"
    assert Deposit.objects.get(slug=DEPOSIT).status == "exploration"
    assert "deposits.yaml: 0 created, 1 updated, 0 unchanged, 0 kept, 1 conflict" in output
    assert "entities.yaml: 0 created, 0 updated, 6 unchanged" in output


# --- the rule itself ------------------------------------------------------------------------

T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
T1 = T0 + datetime.timedelta(seconds=1)


def loaded(hash_: str = "a", version: datetime.datetime = T0) -> LoadedRecord:
    return LoadedRecord(entry_hash=hash_, record_version=version)


@pytest.mark.parametrize(
    ("state", "entry", "version", "force", "step"),
    [
        (None, "a", None, False, Step.CREATE),
        (loaded(), "a", None, False, Step.SKIP_WITHHELD),
        (loaded(), "a", None, True, Step.CREATE),
        (loaded(), "a", T0, False, Step.SKIP_UNCHANGED),
        (loaded(), "b", T0, False, Step.APPLY),
        (loaded(), "a", T1, False, Step.SKIP_KEPT),
        (loaded(), "b", T1, False, Step.RECONCILE),
        (loaded(), "b", T1, True, Step.APPLY),
        (None, "a", T0, False, Step.RECONCILE),
    ],
    ids=[
        "new",
        "deleted by a curator",
        "deleted, forced",
        "nothing changed",
        "entry changed",
        "record changed",
        "both changed",
        "both changed, forced",
        "never loaded",
    ],
)
def test_load_step(
    state: LoadedRecord | None,
    entry: str,
    version: datetime.datetime | None,
    force: bool,
    step: Step,
) -> None:
    assert load_step(loaded=state, entry_hash=entry, record_version=version, force=force) == step


def test_entry_hash_ignores_key_order() -> None:
    assert entry_hash({"a": 1, "b": [1, 2]}) == entry_hash({"b": [1, 2], "a": 1})
    assert entry_hash({"a": 1}) != entry_hash({"a": 2})
