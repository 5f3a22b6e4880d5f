"""PostgreSQL only: a trigram index for the `q` search (a no-op on SQLite)."""

from django.db import migrations

from apps.core.migration_ops import trigram_index


class Migration(migrations.Migration):
    dependencies = [("core", "0001_pg_trgm"), ("entities", "0001_initial")]
    operations = [
        trigram_index("entities_entity"),
    ]
