"""In-process timing of the deposits list: the Django test client, no server, no network.

The first run makes 1,000 synthetic deposits (5 elements and 2 citations each) in
/tmp/probe.sqlite3; every run then times each request. ``--drf`` renders through DRF's own
serializer and list code instead of the compiled paths, for a before/after comparison:

    PYTHONPATH=. .venv/bin/python bench/inprocess_list.py [--drf] [--repeat 20]
"""

import argparse
import os
import random
import statistics
import time


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minerals_api.settings.base")
    os.environ["DATABASE_URL"] = "sqlite:////tmp/probe.sqlite3"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def make_data() -> None:
    from django.core.management import call_command

    from apps.deposits.models import Deposit, DepositCitation
    from apps.elements.models import Element
    from apps.sources.models import Source

    call_command("migrate", verbosity=0)
    if Deposit.objects.filter(slug__startswith="probe-").exists():
        return
    call_command("seed", verbosity=0)
    rng = random.Random(1)
    sources = list(Source.objects.all()[:5])
    rare_earths = list(Element.objects.filter(is_rare_earth=True))
    deposits = Deposit.objects.bulk_create(
        Deposit(
            slug=f"probe-{i}",
            name=f"Probe {i}",
            country="AU",
            latitude=-20,
            longitude=130,
            deposit_type="hard_rock",
            status="reported",
            search_text=f"probe {i}",
        )
        for i in range(1000)
    )
    through = Deposit.elements.through
    through.objects.bulk_create(
        through(deposit_id=d.id, element_id=e.symbol)
        for d in deposits
        for e in rng.sample(rare_earths, 5)
    )
    DepositCitation.objects.bulk_create(
        DepositCitation(deposit=d, source=s, confidence="reported", note="n")
        for d in deposits
        for s in rng.sample(sources, 2)
    )


def use_drf_paths() -> None:
    from rest_framework import serializers, viewsets

    from apps.core.api.serializers import RecordSerializer
    from apps.core.api.views import RecordViewSet

    RecordSerializer.to_representation = serializers.ModelSerializer.to_representation  # type: ignore[method-assign]
    RecordViewSet.list = viewsets.ModelViewSet.list  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drf", action="store_true", help="DRF's own rendering (before)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup()
    make_data()
    if args.drf:
        use_drf_paths()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    client = APIClient()
    for path in [
        "/api/v1/deposits/?limit=50",
        "/api/v1/deposits/?limit=1000",
        "/api/v1/deposits/?limit=1000&format=csv",
        "/api/v1/deposits/?limit=1000&format=geojson",
    ]:
        client.get(path)
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        print(
            f"| {path} | {statistics.median(timings):.1f} ms | {min(timings):.1f} ms "
            f"| {len(response.content):,} B | {len(queries)} |"
        )


if __name__ == "__main__":
    main()
