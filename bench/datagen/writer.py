"""Bulk writing of plain row tuples, the fastest way each database offers.

The generator produces rows as tuples of database-ready values (ids assigned up front, so no
row has to be read back). ``BulkWriter`` buffers them per table and writes a chunk in one
transaction: ``COPY ... FROM STDIN`` on PostgreSQL, ``executemany`` of one INSERT on SQLite
(any other backend: Django's cursor ``executemany``). This skips model ``save()`` and
signals on purpose: the generator itself writes what they would (search text, tonnes,
history rows, change events).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import connection, models, transaction


@dataclass
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    written: int = 0


def columns_of(model: type[models.Model], attnames: Sequence[str]) -> tuple[str, ...]:
    """Database column names for ``attnames`` of ``model``, refusing unknown names."""
    by_attname = {f.attname: str(f.column) for f in model._meta.concrete_fields}
    missing = [name for name in attnames if name not in by_attname]
    if missing:
        raise ValueError(f"{model._meta.label} has no column(s) {', '.join(missing)}")
    return tuple(by_attname[name] for name in attnames)


class BulkWriter:
    """Collects rows per table (in first-use order, parents first) and writes them in bulk."""

    def __init__(self) -> None:
        self.tables: dict[str, Table] = {}
        self.vendor = connection.vendor
        self._tuned = False

    def _tune(self) -> None:
        """Connection-level settings for a bulk load (nothing persists in the database).

        SQLite: a large page cache, so index updates stay in memory, and no fsync per
        commit; PostgreSQL: no wait for the WAL flush at each commit. A crash mid-load loses
        at most the chunks not yet flushed to disk, and the load is all-or-nothing anyway
        only per chunk.
        """
        if self._tuned:
            return
        self._tuned = True
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
                cursor.execute("PRAGMA synchronous = OFF")
            elif self.vendor == "postgresql":
                cursor.execute("SET synchronous_commit = off")

    # Values the drivers do not adapt by themselves the way Django stores them.
    def timestamp(self, value: datetime) -> Any:
        """An aware UTC datetime as this database stores it (SQLite: naive UTC, as Django)."""
        return value.astimezone(UTC).replace(tzinfo=None) if self.vendor == "sqlite" else value

    @staticmethod
    def json(value: Any) -> str:
        return json.dumps(value)

    def table(self, model: type[models.Model], attnames: Sequence[str]) -> Table:
        name = model._meta.db_table
        table = self.tables.get(name)
        if table is None:
            table = self.tables[name] = Table(name, columns_of(model, attnames))
        return table

    def add(self, table: Table, row: tuple[Any, ...]) -> None:
        table.rows.append(row)

    def pending(self) -> int:
        return sum(len(t.rows) for t in self.tables.values())

    def flush(self) -> None:
        """Write every buffered row in one transaction."""
        if not self.pending():
            return
        if not connection.in_atomic_block:
            self._tune()
        with transaction.atomic():
            connection.ensure_connection()
            for table in self.tables.values():
                if table.rows:
                    self._write(table.name, table.columns, table.rows)
                    table.written += len(table.rows)
                    table.rows = []

    def _write(self, name: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        quote = connection.ops.quote_name
        column_list = ", ".join(quote(c) for c in columns)
        raw = connection.connection
        if self.vendor == "postgresql":
            sql = f"COPY {quote(name)} ({column_list}) FROM STDIN"
            with raw.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
                for row in rows:
                    copy.write_row(row)
        elif self.vendor == "sqlite":
            marks = ", ".join("?" for _ in columns)
            raw.executemany(  # type: ignore[union-attr]
                f"INSERT INTO {quote(name)} ({column_list}) VALUES ({marks})", rows
            )
        else:
            marks = ", ".join("%s" for _ in columns)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {quote(name)} ({column_list}) VALUES ({marks})", list(rows)
                )

    def counts(self) -> dict[str, int]:
        return {name: table.written for name, table in self.tables.items()}
