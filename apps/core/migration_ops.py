"""Migration operations that only make sense on PostgreSQL, and are no-ops elsewhere."""

from typing import Any

from django.db import migrations


def _on_postgresql(sql: str) -> migrations.RunPython:
    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)


def enable_trigram_extension() -> migrations.RunPython:
    """pg_trgm, for the ``q`` search's substring matches (needs a role that may create it)."""
    return _on_postgresql("CREATE EXTENSION IF NOT EXISTS pg_trgm")


def trigram_index(table: str) -> migrations.RunPython:
    """A GIN trigram index on ``search_text``: LIKE '%term%' without a full scan."""
    return _on_postgresql(
        f'CREATE INDEX IF NOT EXISTS "{table}_search_trgm" '
        f'ON "{table}" USING gin ("search_text" gin_trgm_ops)'
    )
