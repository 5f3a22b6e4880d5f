"""The curators group: full rights on curated records, view only on the periodic table."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User

from apps.core.groups import CURATORS, curators_group_sync

pytestmark = pytest.mark.django_db

ACTIONS = ("add", "change", "delete", "view")
CURATED = [
    "sources.Source",
    "entities.Entity",
    "entities.EntityAlias",
    "entities.EntityCitation",
    "deposits.Deposit",
    "deposits.DepositCitation",
    "deposits.ResourceEstimate",
    "deposits.ResourceEstimateCitation",
    "agreements.Agreement",
    "agreements.AgreementParty",
    "agreements.AgreementCitation",
    "controls.ControlMeasure",
    "controls.ControlMeasureCitation",
    "controls.ElementControl",
    "controls.EntityRestriction",
    "controls.EntityRestrictionCitation",
]
VIEW_ONLY = ["elements.Element", "elements.ElementCitation"]


def group_permissions() -> set[str]:
    group = curators_group_sync()
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def codename(label: str, action: str) -> str:
    model = apps.get_model(label)
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


@pytest.mark.parametrize("label", CURATED)
def test_curators_may_add_change_delete_and_view_curated_records(label: str) -> None:
    permissions = group_permissions()

    assert {codename(label, action) for action in ACTIONS} <= permissions


@pytest.mark.parametrize("label", VIEW_ONLY)
def test_curators_may_only_view_elements(label: str) -> None:
    permissions = group_permissions()

    assert codename(label, "view") in permissions
    assert not {codename(label, action) for action in ("add", "change", "delete")} & permissions


def test_curators_get_no_rights_on_history_or_outside_our_apps() -> None:
    permissions = group_permissions()

    assert not [p for p in permissions if "historical" in p]
    assert not [p for p in permissions if p.split(".")[0] in {"auth", "contenttypes", "sessions"}]


def test_sync_is_idempotent() -> None:
    first = group_permissions()

    second = group_permissions()

    assert first == second
    assert Group.objects.filter(name=CURATORS).count() == 1


def test_a_curator_has_the_rights_and_a_reader_has_none(curator: User, reader: User) -> None:
    assert curator.has_perm("deposits.change_deposit")
    assert curator.has_perm("controls.delete_controlmeasure")
    assert curator.has_perm("elements.view_element")
    assert not curator.has_perm("elements.change_element")
    assert not reader.has_perm("deposits.view_deposit")
