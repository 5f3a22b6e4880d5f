"""The change feed's one table: an ordered log of changes to the API's resources.

History rows live in one table per model, each with its own ids and clocks; merging them by
timestamp cannot promise "every change exactly once" when two changes share a timestamp or
commit out of order. So every history row of a resource also appends a ChangeEvent, whose
auto-increment id is the feed's cursor. Appends are serialised (SQLite takes the write lock
at BEGIN; on PostgreSQL a transaction-level advisory lock is held from the append to the
commit), so ids become visible in order and a reader never skips one.
"""

from django.db import models


class ChangeEvent(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        DELETED = "deleted", "Deleted"

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField("at")
    action = models.CharField("action", max_length=8, choices=Action.choices)
    resource = models.CharField("resource", max_length=32, db_index=True)
    object_id = models.CharField("object id", max_length=64)
    changed_fields = models.JSONField("changed fields", default=list)
    history_id = models.BigIntegerField("history row id")

    class Meta:
        ordering = ["id"]
        verbose_name = "change event"
        verbose_name_plural = "change events"
        indexes = [models.Index(fields=["resource", "id"], name="change_resource_id")]

    def __str__(self) -> str:
        return f"{self.id}: {self.action} {self.resource}/{self.object_id}"
