from django.db import models


class ReeGroup(models.TextChoices):
    """USGS convention: La-Gd light; Tb-Lu and Y heavy; scandium in neither group."""

    LIGHT = "light", "Light"
    HEAVY = "heavy", "Heavy"
