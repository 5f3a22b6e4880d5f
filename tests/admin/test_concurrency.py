"""Curators and API clients editing the same record: no change is silently overwritten.

An admin change form carries the version (``updated_at``) of the record it was opened on.
Saving it after someone else changed the record is refused with a message, and the other
change stays. On PostgreSQL, an admin save and an API write that started from the same
version race in real threads: exactly one wins.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.core.admin import STALE_MESSAGE
from apps.deposits.models import Deposit
from tests.admin.helpers import admin_url, post_data
from tests.factories import DepositFactory

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def open_change_form(client: Client, deposit: Deposit) -> dict[str, Any]:
    response = client.get(admin_url(Deposit, "change", deposit.pk))
    assert response.status_code == 200
    return post_data(response)


def api_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.mark.django_db
def test_a_form_opened_before_an_api_change_is_refused(client: Client, curator: User) -> None:
    deposit = DepositFactory(locality="original")
    client.force_login(curator)
    form = open_change_form(client, deposit)

    api = api_client(curator)
    assert (
        api.patch(
            f"/api/v1/deposits/{deposit.pk}/", {"locality": "from the API"}, format="json"
        ).status_code
        == 200
    )
    history_before = Deposit.history.filter(id=deposit.pk).count()

    response = client.post(admin_url(Deposit, "change", deposit.pk), {**form, "locality": "admin"})

    assert response.status_code == 200  # the form again, not a redirect
    assert STALE_MESSAGE in response.content.decode()
    deposit.refresh_from_db()
    assert deposit.locality == "from the API"
    assert Deposit.history.filter(id=deposit.pk).count() == history_before


@pytest.mark.django_db
def test_a_form_saved_without_interference_is_accepted(client: Client, curator: User) -> None:
    deposit = DepositFactory(locality="original")
    client.force_login(curator)
    form = open_change_form(client, deposit)

    response = client.post(admin_url(Deposit, "change", deposit.pk), {**form, "locality": "admin"})

    assert response.status_code == 302
    deposit.refresh_from_db()
    assert deposit.locality == "admin"


@pytest.mark.django_db
def test_a_second_admin_tab_cannot_overwrite_the_first(client: Client, curator: User) -> None:
    deposit = DepositFactory(locality="original")
    client.force_login(curator)
    first, second = open_change_form(client, deposit), open_change_form(client, deposit)

    url = admin_url(Deposit, "change", deposit.pk)
    assert client.post(url, {**first, "locality": "first tab"}).status_code == 302
    response = client.post(url, {**second, "locality": "second tab"})

    assert STALE_MESSAGE in response.content.decode()
    deposit.refresh_from_db()
    assert deposit.locality == "first tab"


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL: row locks and real concurrency")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_admin_and_api_racing_from_the_same_version(curator: User, attempt: int) -> None:
    deposit = DepositFactory(locality="original")
    admin_client = Client()
    admin_client.force_login(curator)
    form = open_change_form(admin_client, deposit)
    api = api_client(curator)
    etag = api.get(f"/api/v1/deposits/{deposit.pk}/")["ETag"]
    barrier = threading.Barrier(2)
    outcomes: dict[str, int] = {}

    def save_in_admin() -> None:
        try:
            barrier.wait()
            response = admin_client.post(
                admin_url(Deposit, "change", deposit.pk), {**form, "locality": "admin"}
            )
            outcomes["admin"] = response.status_code
        finally:
            connections.close_all()

    def save_through_api() -> None:
        try:
            barrier.wait()
            response = api.patch(
                f"/api/v1/deposits/{deposit.pk}/",
                {"locality": "api"},
                format="json",
                HTTP_IF_MATCH=etag,
            )
            outcomes["api"] = response.status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save_in_admin), threading.Thread(target=save_through_api)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    deposit.refresh_from_db()
    admin_won = outcomes["admin"] == 302
    api_won = outcomes["api"] == 200
    assert admin_won != api_won, outcomes  # exactly one of them
    assert outcomes["api"] in {200, 412}
    assert outcomes["admin"] in {200, 302}  # 200: the form again, with the message
    assert deposit.locality == ("admin" if admin_won else "api")
