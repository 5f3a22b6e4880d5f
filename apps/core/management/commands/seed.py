"""``manage.py seed``: load the curated dataset from seeds/, idempotently, all or nothing."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.groups import curators_group_sync
from apps.core.seeding import SeedError, seed_load


class Command(BaseCommand):
    help = "Load the curated dataset in seeds/ (upsert by natural key, in one transaction)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory", type=Path, default=settings.SEEDS_DIR, help="Folder of seed files."
        )

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            report = seed_load(directory=directory)
        except SeedError as error:
            raise CommandError(f"Seed refused, nothing was written. {error}") from error
        curators_group_sync()
        for filename, written in report.written.items():
            unchanged = report.unchanged[filename]
            self.stdout.write(f"{filename}: {written} written, {unchanged} unchanged")
