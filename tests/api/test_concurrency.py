"""Two writers holding the same ETag: exactly one wins, the other gets 412 (no lost update).

The viewset compares ``If-Match`` with the record's ETag while holding its row lock
(``SELECT ... FOR UPDATE``), so the second writer waits, then sees the first one's change and
is refused. Row locks and truly concurrent connections need PostgreSQL; on SQLite (one
writer at a time, an in-memory test database per connection) the test is skipped.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections

from apps.core.testing import token_client
from apps.deposits.models import Deposit
from tests.factories import DepositFactory

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="needs PostgreSQL: concurrent writers and row locks (run with DATABASE_URL="
        "postgres://...)",
    ),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_writers_with_the_same_etag(curator: User, attempt: int) -> None:
    deposit = DepositFactory(description="original", locality="original")
    url = f"/api/v1/deposits/{deposit.pk}/"
    clients = [token_client(curator), token_client(curator)]
    etag = clients[0].get(url)["ETag"]
    changes = [{"description": "first writer"}, {"locality": "second writer"}]
    barrier = threading.Barrier(2, timeout=10)
    results: list[Any] = [None, None]

    def write(index: int) -> None:
        try:
            barrier.wait()
            results[index] = clients[index].patch(
                url, changes[index], format="json", HTTP_IF_MATCH=etag
            )
        except Exception as error:  # surfaced by the assertions below
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    statuses = sorted(getattr(r, "status_code", repr(r)) for r in results)
    assert statuses == [200, 412], statuses
    loser = next(r for r in results if r.status_code == 412)
    winner = next(r for r in results if r.status_code == 200)
    assert loser["ETag"] == winner["ETag"]  # the loser is told the version to re-read

    final = Deposit.objects.get(pk=deposit.pk)
    applied = [final.description == "first writer", final.locality == "second writer"]
    assert applied.count(True) == 1, (final.description, final.locality)
    assert final.history.count() == 2  # created, and one update
