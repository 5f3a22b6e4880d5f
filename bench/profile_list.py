"""Where does a request's time go? cProfile of API requests, in process, on a bench database.

    DATABASE_URL=sqlite:///bench/work/m.sqlite3 .venv/bin/python bench/profile_list.py \
        [--path '/api/v1/deposits/?limit=50'] [--repeat 20] [--out FILE]

Runs the request through Django's full stack (middleware, DRF, renderers) with the bench
settings, after a warm-up, and prints: time per request, the number of queries and the share
of time spent inside the database driver, then the hottest functions by own time and by
cumulative time. ``make bench-profile`` profiles the deposits list at 50 and 1000.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minerals_api.settings.bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", action="append", help="request path (repeatable)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", help="also write the report to this file")
    args = parser.parse_args()
    paths = args.path or ["/api/v1/deposits/?limit=50", "/api/v1/deposits/?limit=1000"]

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    sql_seconds = 0.0
    queries = 0

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal sql_seconds, queries
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_seconds += time.perf_counter() - started
            queries += 1

    report = io.StringIO()
    report.write(f"database: {connection.vendor} {connection.settings_dict['NAME']}\n")
    for path in paths:
        repeat = args.repeat if "limit=1000" not in path else max(3, args.repeat // 4)
        for _ in range(3):  # warm-up: imports, caches, connection
            assert client.get(path).status_code == 200, path
        sql_seconds, queries = 0.0, 0
        profiler = cProfile.Profile()
        with connection.execute_wrapper(timed):
            started = time.perf_counter()
            profiler.enable()
            for _ in range(repeat):
                client.get(path)
            profiler.disable()
            elapsed = time.perf_counter() - started
        # The same requests without the profiler, for an honest time per request.
        started = time.perf_counter()
        for _ in range(repeat):
            client.get(path)
        plain = (time.perf_counter() - started) / repeat
        report.write(
            f"\n=== GET {path}: {plain * 1000:.1f} ms per request without the profiler "
            f"({elapsed / repeat * 1000:.1f} ms with it), {queries / repeat:.0f} queries, "
            f"{sql_seconds / elapsed * 100:.0f}% of the profiled time inside query execution\n"
        )
        for order in ("tottime", "cumulative"):
            stream = io.StringIO()
            stats = pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(order)
            stats.print_stats(args.top)
            text = stream.getvalue()
            report.write(f"\n--- by {order} ---\n")
            report.write(text[text.find("   ncalls") :])
    print(report.getvalue())
    if args.out:
        Path(args.out).write_text(report.getvalue())


if __name__ == "__main__":
    main()
