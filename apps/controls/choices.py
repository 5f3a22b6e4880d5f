from django.db import models


class MeasureKind(models.TextChoices):
    EXPORT_LICENSING = "export_licensing", "Export licensing"
    EXPORT_BAN = "export_ban", "Export ban"
    END_USER_RESTRICTION = "end_user_restriction", "End-user restriction"
    SUSPENSION = "suspension", "Suspension of other measures"
    OTHER = "other", "Other"


class EndUse(models.TextChoices):
    """End uses a measure restricts exports for, whoever the end user is."""

    MILITARY = "military", "Military end use"
