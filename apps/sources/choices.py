from django.db import models


class SourceKind(models.TextChoices):
    NEWS = "news", "News"
    GOVERNMENT_ANNOUNCEMENT = "government_announcement", "Government announcement"
    LEGAL_TEXT = "legal_text", "Legal text"
    DATASET = "dataset", "Dataset"
    REPORT = "report", "Report"
    OTHER = "other", "Other"
