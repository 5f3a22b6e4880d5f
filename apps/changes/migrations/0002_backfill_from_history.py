"""Backfill the change feed from history rows written before the feed existed."""

from django.db import migrations

RESOURCES = {
    ("sources", "Source"): ("sources", "id"),
    ("elements", "Element"): ("elements", "symbol"),
    ("entities", "Entity"): ("entities", "id"),
    ("deposits", "Deposit"): ("deposits", "id"),
    ("deposits", "ResourceEstimate"): ("resource-estimates", "id"),
    ("agreements", "Agreement"): ("agreements", "id"),
    ("controls", "ControlMeasure"): ("control-measures", "id"),
}
ACTIONS = {"+": "created", "~": "updated", "-": "deleted"}


def backfill(apps, schema_editor):
    ChangeEvent = apps.get_model("changes", "ChangeEvent")
    if ChangeEvent.objects.exists():
        return
    rows = []
    for (app_label, model_name), (resource, pk_name) in RESOURCES.items():
        history = apps.get_model(app_label, f"Historical{model_name}")
        for history_id, at, kind, pk in history.objects.values_list(
            "history_id", "history_date", "history_type", pk_name
        ):
            rows.append((at, resource, history_id, kind, pk))
    rows.sort()
    ChangeEvent.objects.bulk_create(
        [
            ChangeEvent(
                at=at, action=ACTIONS[kind], resource=resource, object_id=str(pk),
                changed_fields=[], history_id=history_id,
            )
            for at, resource, history_id, kind, pk in rows
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("changes", "0001_initial"),
        ("sources", "0001_initial"),
        ("elements", "0001_initial"),
        ("entities", "0001_initial"),
        ("deposits", "0001_initial"),
        ("agreements", "0001_initial"),
        ("controls", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
