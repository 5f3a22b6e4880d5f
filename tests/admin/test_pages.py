"""Every model's admin pages render for a curator; elements are view-only for curators."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import models
from django.test import Client

from apps.agreements.models import Agreement, AgreementParty
from apps.controls.models import ControlMeasure, ElementControl, EntityRestriction
from apps.core.admin import CitationInline
from apps.core.models import Citation
from apps.deposits.models import Deposit, ResourceEstimate
from apps.elements.models import Element
from apps.entities.models import Entity, EntityAlias
from apps.sources.models import Source
from tests.admin.conftest import AdminData
from tests.admin.helpers import admin_url

#: Each editable model and how to pick one of its records from the test data.
EDITABLE: list[tuple[type[models.Model], Callable[[AdminData], models.Model]]] = [
    (Source, lambda d: d.source),
    (Entity, lambda d: d.company),
    (EntityAlias, lambda d: d.alias),
    (Deposit, lambda d: d.deposit),
    (ResourceEstimate, lambda d: d.estimate),
    (Agreement, lambda d: d.agreement),
    (AgreementParty, lambda d: d.party),
    (ControlMeasure, lambda d: d.licensing),
    (ElementControl, lambda d: d.element_control),
    (EntityRestriction, lambda d: d.restriction),
]
MODEL_IDS = [model.__name__ for model, _ in EDITABLE]


def domain_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("apps.") and not model.__name__.startswith("Historical")
    ]


def test_every_model_is_registered_or_inlined() -> None:
    inlined = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
        if issubclass(inline, CitationInline)
    }
    for model in domain_models():
        if issubclass(model, Citation):
            assert model in inlined, f"{model.__name__} has no citation inline"
        else:
            assert admin.site.is_registered(model), f"{model.__name__} is not registered"


def test_every_autocomplete_target_is_searchable() -> None:
    for model_admin in admin.site._registry.values():
        owners = [
            model_admin,
            *(inline(model_admin.model, admin.site) for inline in model_admin.inlines),
        ]
        for owner in owners:
            for name in owner.autocomplete_fields:
                target = owner.model._meta.get_field(name).related_model
                assert admin.site._registry[target].search_fields, target


@pytest.mark.parametrize(("model", "pick"), EDITABLE, ids=MODEL_IDS)
def test_curator_pages_render(
    curator_client: Client,
    admin_data: AdminData,
    model: type[models.Model],
    pick: Callable[[AdminData], models.Model],
) -> None:
    obj = pick(admin_data)
    changelist = curator_client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count >= 1
    assert curator_client.get(admin_url(model, "add")).status_code == 200
    change = curator_client.get(admin_url(model, "change", obj.pk))
    assert change.status_code == 200
    assert change.context["has_change_permission"]


@pytest.mark.parametrize(("model", "pick"), EDITABLE, ids=MODEL_IDS)
def test_history_and_import_export_buttons(
    curator_client: Client,
    admin_data: AdminData,
    model: type[models.Model],
    pick: Callable[[AdminData], models.Model],
) -> None:
    changelist = curator_client.get(admin_url(model, "changelist")).content.decode()
    assert admin_url(model, "import") in changelist
    assert admin_url(model, "export") in changelist
    obj = pick(admin_data)
    change = curator_client.get(admin_url(model, "change", obj.pk)).content.decode()
    history_url = admin_url(model, "history", obj.pk)
    assert history_url in change
    assert curator_client.get(history_url).status_code == 200
    assert curator_client.get(admin_url(model, "import")).status_code == 200
    assert curator_client.get(admin_url(model, "export")).status_code == 200


def test_curator_only_views_elements(curator_client: Client, admin_data: AdminData) -> None:
    changelist = curator_client.get(admin_url(Element, "changelist"))
    assert changelist.status_code == 200
    content = changelist.content.decode()
    assert admin_url(Element, "export") in content
    assert admin_url(Element, "import") not in content
    view = curator_client.get(admin_url(Element, "change", "Dy"))
    assert view.status_code == 200
    assert not view.context["has_change_permission"]
    assert curator_client.get(admin_url(Element, "add")).status_code == 403
    assert curator_client.get(admin_url(Element, "import")).status_code == 403
    assert curator_client.post(admin_url(Element, "delete", "Dy"), {"post": "yes"}).status_code == (
        403
    )
    assert Element.objects.filter(symbol="Dy").exists()


def test_superuser_edits_elements(client: Client, admin_data: AdminData) -> None:
    client.force_login(User.objects.create_superuser("root", password="pw"))
    assert client.get(admin_url(Element, "add")).status_code == 200
    change = client.get(admin_url(Element, "change", "Dy"))
    assert change.context["has_change_permission"]
    assert "symbol" not in change.context["adminform"].form.fields  # primary key: read-only


def test_autocomplete_finds_entity_by_alias(curator_client: Client, admin_data: AdminData) -> None:
    response = curator_client.get(
        "/admin/autocomplete/",
        {
            "term": "Indian Rare",
            "app_label": "deposits",
            "model_name": "deposit",
            "field_name": "operator",
        },
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["IREL (India) Limited"]


@pytest.mark.parametrize(
    ("model", "term", "expected"),
    [
        (Deposit, "rajasthan", {"Rajasthan rare-earth deposit"}),
        (Deposit, "IREL", {"Rajasthan rare-earth deposit"}),  # operator name
        (Entity, "Indian Rare", {"IREL (India) Limited"}),  # alias
        (ControlMeasure, "Announcement ban", {"Announcement ban"}),
        (EntityRestriction, "Indian Rare", {"IREL (India) Limited under Announcement licensing"}),
        (ResourceEstimate, "odisha", {"1.2000 Mt REO (unclassified, 2026-03-04)"}),
        (Source, "rare-earth", {"India and Japan discuss rare-earth cooperation"}),
        (Element, "dysp", {"Dy (Dysprosium)"}),
    ],
)
def test_search(
    curator_client: Client,
    admin_data: AdminData,
    model: type[models.Model],
    term: str,
    expected: set[str],
) -> None:
    response = curator_client.get(admin_url(model, "changelist"), {"q": term})
    assert response.status_code == 200
    assert {str(obj) for obj in response.context["cl"].result_list} == expected


def test_deposit_page_lists_estimates_with_links(
    curator_client: Client, admin_data: AdminData
) -> None:
    response = curator_client.get(admin_url(Deposit, "change", admin_data.deposit.pk))
    assert (
        admin_url(ResourceEstimate, "change", admin_data.estimate.pk) in response.content.decode()
    )


def test_restriction_links_to_measure_and_back(
    curator_client: Client, admin_data: AdminData
) -> None:
    changelist = curator_client.get(admin_url(EntityRestriction, "changelist")).content.decode()
    assert admin_url(ControlMeasure, "change", admin_data.licensing.pk) in changelist
    measure_page = curator_client.get(admin_url(ControlMeasure, "change", admin_data.licensing.pk))
    restriction_url = admin_url(EntityRestriction, "change", admin_data.restriction.pk)
    assert restriction_url in measure_page.content.decode()
