"""Choices shared by every curated model."""

from django.db import models


class Confidence(models.TextChoices):
    """How sure we are of a fact, as stated by the source that a citation points to."""

    OFFICIAL = "official", "Official (text read)"
    OFFICIALLY_ANNOUNCED = "officially_announced", "Officially announced (reported)"
    REPORTED = "reported", "Reported"
    ESTIMATED = "estimated", "Estimated"
    UNCONFIRMED = "unconfirmed", "Unconfirmed"
