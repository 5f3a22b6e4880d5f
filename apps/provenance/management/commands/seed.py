"""``manage.py seed``: load the curated dataset from seeds/, all or nothing, never over a curator.

Every ``make run`` calls it. It creates what is missing and updates a record only when its
seed entry changed since the last load and nobody changed the record since (the rule in
:mod:`apps.provenance.services`); conflicts and records a curator deleted are listed, and the
command still succeeds. ``--force`` applies the files over curators' changes.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.groups import curators_group_sync
from apps.provenance.seeding import SeedError, seed_load


class Command(BaseCommand):
    help = (
        "Load the curated dataset in seeds/ in one transaction: create what is missing, update "
        "what the files changed, and keep (and report) what curators changed or deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory", type=Path, default=settings.SEEDS_DIR, help="Folder of seed files."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Apply every entry, over curators' changes, and restore deleted records.",
        )

    def handle(self, *args: Any, directory: Path, force: bool, **options: Any) -> None:
        try:
            report = seed_load(directory=directory, force=force)
        except SeedError as error:
            raise CommandError(f"Seed refused, nothing was written. {error}") from error
        curators_group_sync()
        for filename in report.counts:
            self.stdout.write(report.summary(filename))
        if report.notices:
            self.stdout.write(
                self.style.WARNING(f"{len(report.notices)} entries left to curators:")
            )
            for notice in report.notices:
                self.stdout.write(f"  {notice}")
