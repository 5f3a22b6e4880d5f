"""Which index does each filter and ordering use? EXPLAIN ANALYZE of every list query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/minerals_bench \\
        .venv/bin/python bench/explain.py [--out bench/results/explain-<date>-M-postgres.md]

For every filter and ``ordering`` value of every list endpoint, runs the request in process
(bench settings, response cache bypassed), captures its SQL, and runs ``EXPLAIN ANALYZE`` on the
count and the page query (the two that grow with the table). The report lists, per request,
the time of each and the scans of the plan; a sequential scan of a large table is flagged.
Filter values are taken from the data, so any generated dataset works (``make bench-data``).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minerals_api.settings.bench")

#: Tables below this many rows are read whole by any sensible plan: not flagged.
SMALL_TABLE = 5_000
SCAN = re.compile(
    r"(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)(?: using (\S+))? on (\S+)"
)


def requests() -> list[tuple[str, str]]:
    """(resource, query string) for every filter and ordering, with values from the data."""
    from apps.agreements.models import AgreementParty
    from apps.controls.models import ControlMeasure, EntityRestriction
    from apps.deposits.models import Deposit, ResourceEstimate

    deposit = Deposit.objects.exclude(region="").exclude(operator=None).order_by("id").first()
    assert deposit is not None, "no data: run make bench-data first"
    party = AgreementParty.objects.order_by("id").first()
    measure = ControlMeasure.objects.order_by("id").first()
    restriction = EntityRestriction.objects.order_by("id").first()
    estimate = ResourceEstimate.objects.order_by("id").first()
    assert party and measure and restriction and estimate
    word = max(deposit.name.split(), key=len).lower()
    cases = {
        "deposits": [
            f"country={deposit.country}",
            f"region={deposit.region}",
            "element=Nd",
            "element=Nd&element=Dy",
            f"country={deposit.country}&element=Nd",
            "deposit_type=carbonatite",
            "status=producing",
            f"operator={deposit.operator_id}",
            "bbox=110,-40,155,-10",
            f"q={word}",
            "updated_since=2026-01-01T00:01:00Z",
            *(
                f"ordering={o}"
                for o in ("name", "-country", "status", "announced_on", "-updated_at", "id")
            ),
        ],
        "entities": [
            "country=JP",
            "kind=company",
            "restricted=true&as_of=2026-03-01",
            f"q={word[:4]}",
        ],
        "agreements": [
            f"party={party.entity_id}",
            "party_country=JP",
            "element=Nd",
            "kind=framework",
            "status=signed",
            "active_on=2026-03-01",
            "ordering=-signed_on",
        ],
        "control-measures": [
            f"authority={measure.authority_id}",
            "authority_country=CN",
            "element=Dy",
            f"entity={restriction.entity_id}",
            "in_force_on=2026-03-01",
            "kind=export_ban",
            "ordering=-effective_from",
        ],
        "resource-estimates": [
            f"deposit={estimate.deposits.values_list('id', flat=True).first()}",
            "material=REO",
            "category=inferred",
            f"source={estimate.source_id}",
            "as_of_after=2020-01-01",
            "ordering=-quantity_tonnes",
        ],
        "sources": ["kind=news", "published_after=2024-01-01", "ordering=-published_on"],
    }
    return [(resource, query) for resource, queries in cases.items() for query in queries]


def explain(sql: str) -> tuple[float, list[tuple[str, str, str]]]:
    """EXPLAIN ANALYZE's wall time (ms) and the plan's scans: (kind, index, table)."""
    from django.db import connection

    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(f"EXPLAIN ANALYZE {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, SCAN.findall(plan)


def table_sizes() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        # The planner's own row estimates (kept by ANALYZE, which the generator runs).
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")
        return {name: count for name, count in cursor.fetchall()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", help="write the Markdown report here too")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        sys.exit("EXPLAIN ANALYZE output is read as PostgreSQL's: point DATABASE_URL at one.")
    sizes = table_sizes()
    client = Client(HTTP_HOST="127.0.0.1")
    lines = [
        f"# EXPLAIN of every list filter and ordering, {datetime.now(UTC):%Y-%m-%d}",
        "",
        f"Database {connection.settings_dict['NAME']} (PostgreSQL), produced by bench/explain.py. "
        "Times are EXPLAIN ANALYZE's wall time for the count and the page query. A sequential "
        f"scan of a table over {SMALL_TABLE:,} rows is marked **seq**.",
        "",
        "| request | count ms | page ms | scans |",
        "| --- | ---: | ---: | --- |",
    ]
    flagged = 0
    for resource, query in requests():
        path = f"/api/v1/{resource}/?{query}"
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, HTTP_CACHE_CONTROL="no-cache")
        assert response.status_code == 200, (path, response.content[:500])
        sqls = [q["sql"] for q in captured.captured_queries]
        count_sql = next(s for s in sqls if s.startswith("SELECT COUNT(*)"))
        following = sqls[sqls.index(count_sql) + 1 :]
        count_ms, count_scans = explain(count_sql)
        # No page query when the count is 0.
        page_ms, page_scans = explain(following[0]) if following else (0.0, [])
        scans: list[str] = []
        for kind, index, table in dict.fromkeys(count_scans + page_scans):
            if kind == "Seq Scan" and sizes.get(table, 0) > SMALL_TABLE:
                scans.append(f"**seq** {table} ({sizes[table]:,} rows)")
                flagged += 1
            else:
                scans.append(f"{kind} {index or table}")
        lines.append(
            f"| `{resource}/?{query}` | {count_ms:.1f} | {page_ms:.1f} | {'; '.join(scans)} |"
        )
    lines += ["", f"Sequential scans of large tables: {flagged}.", ""]
    report = "\n".join(lines)
    print(report)
    if args.out:
        Path(args.out).write_text(report)


if __name__ == "__main__":
    main()
