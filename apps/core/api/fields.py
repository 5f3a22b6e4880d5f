"""Query-parameter fields shared by derived endpoints."""

from datetime import date
from typing import Any

from django.utils import timezone
from django_countries import countries
from rest_framework import serializers


def today_utc() -> date:
    return timezone.now().date()


class AsOfField(serializers.DateField):
    """An ISO date, defaulting to today (UTC)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("default", today_utc)
        kwargs.setdefault("help_text", "ISO date (YYYY-MM-DD); default today (UTC).")
        super().__init__(**kwargs)


class CountryCodeField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "ISO 3166-1 alpha-2 country code, e.g. CN.")
        super().__init__(choices=list(countries), **kwargs)
