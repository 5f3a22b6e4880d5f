"""``manage.py generate_dataset --scale S|M|L [--seed N] [--flush]``: a synthetic dataset.

Sizes (deposits / entities / agreements / measures / sources):
S 1,000 / 1,000 / 50 / 20 / 100; M 100,000 / 20,000 / 5,000 / 1,000 / 2,000;
L 1,000,000 / 100,000 / 20,000 / 2,000 / 10,000. ``--deposits`` etc. override one count.

The same seed on the same starting database gives the same records (ids, names, values and
timestamps). A database that already holds generated records (slugs starting ``gen-``) is
refused, because a second run would collide on their natural keys; ``--flush`` first empties
the WHOLE database (like ``manage.py flush``: users and tokens too), reseeds the curated data,
then generates; ``--if-missing`` instead does nothing when the generated data of this scale is
already there (used by ``make bench-data``). Without the 118 elements, the curated seed is
loaded first.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from apps.deposits.models import Deposit
from apps.elements.models import Element
from bench.datagen.generator import (
    DEFAULT_EPOCH,
    PREFIX,
    SCALES,
    generate,
    has_generated_data,
    scale_with,
)


class Command(BaseCommand):
    help = "Generate a synthetic dataset (scale S, M or L) into the configured database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), required=True)
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Empty the whole database (users included), reseed, then generate.",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when this database already holds generated data with this scale's "
            "number of deposits (for make bench-data); other generated data is still refused.",
        )
        parser.add_argument(
            "--epoch",
            type=datetime.fromisoformat,
            default=DEFAULT_EPOCH,
            help="Creation time of the first record, ISO 8601 (default 2026-01-01T00:00:00Z); "
            "each next record is 1 ms later.",
        )
        parser.add_argument(
            "--no-analyze",
            action="store_true",
            help="Skip ANALYZE (VACUUM ANALYZE on PostgreSQL) after loading.",
        )
        for name in ("sources", "entities", "deposits", "agreements", "measures"):
            parser.add_argument(f"--{name}", type=int, help=f"Override the scale's {name} count.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        sizes = scale_with(
            options["scale"],
            {
                name: options[name]
                for name in ("sources", "entities", "deposits", "agreements", "measures")
            },
        )
        if options["flush"]:
            self.stdout.write("Flushing the database...")
            call_command("flush", interactive=False, verbosity=0)
        elif has_generated_data():
            present = Deposit.objects.filter(slug__startswith=PREFIX).count()
            if options["if_missing"] and present == sizes.deposits:
                self.stdout.write(f"Generated data already present ({present:,} deposits).")
                return
            raise CommandError(
                "This database already holds generated data (slugs starting 'gen-'). "
                "Use --flush to empty the whole database and generate again."
            )
        if Element.objects.count() < 118:
            self.stdout.write("Elements missing: loading the curated seed first...")
            call_command("seed", verbosity=0)
        epoch = options["epoch"]
        if epoch.tzinfo is None:
            raise CommandError("--epoch needs a time zone, e.g. 2026-01-01T00:00:00+00:00.")
        self.stdout.write(
            f"Generating scale {options['scale']} (seed {options['seed']}) into "
            f"{connection.vendor} {connection.settings_dict['NAME']}: {sizes}"
        )
        report = generate(
            options["scale"],
            options["seed"],
            sizes=sizes,
            epoch=epoch,
            analyze=not options["no_analyze"],
            log=self.stdout.write,
        )
        for table, count in sorted(report.rows.items()):
            self.stdout.write(f"  {table}: {count:,}")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {report.total_rows:,} rows in {elapsed:.1f} s "
                f"(generation and writes {report.total_seconds:.1f} s)."
            )
        )
