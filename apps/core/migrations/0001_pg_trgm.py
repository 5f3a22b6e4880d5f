from django.db import migrations

from apps.core.migration_ops import enable_trigram_extension


class Migration(migrations.Migration):
    dependencies: list[tuple[str, str]] = []
    operations = [enable_trigram_extension()]
