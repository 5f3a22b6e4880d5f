"""Serializer fields shared by resources and derived endpoints."""

from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

from django.utils import timezone, translation
from django_countries import countries
from rest_framework import serializers
from rest_framework.fields import flatten_choices_dict, to_choices_dict


def today_utc() -> date:
    return timezone.now().date()


class AsOfField(serializers.DateField):
    """An ISO date, defaulting to today (UTC)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("default", today_utc)
        kwargs.setdefault("help_text", "ISO date (YYYY-MM-DD); default today (UTC).")
        super().__init__(**kwargs)


@cache
def _country_choices(language: str | None) -> tuple[dict[Any, Any], dict[Any, Any], dict[str, Any]]:
    grouped = to_choices_dict(list(countries))
    flat = flatten_choices_dict(grouped)
    return grouped, flat, {str(code): code for code in flat}


class CountryChoiceField(serializers.ChoiceField):
    """An ISO 3166-1 alpha-2 code, one of django-countries' list.

    DRF rebuilds a ChoiceField's choices each time a serializer is instantiated; for some 250
    translated country names that was over half the time of a deposits page (2026-12-03
    profile). The choices are built once per language.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("choices", None)
        super().__init__(choices=(), **kwargs)

    def _set_choices(self, choices: Iterable[Any]) -> None:
        grouped, flat, strings = _country_choices(translation.get_language())
        self.grouped_choices, self._choices, self.choice_strings_to_values = grouped, flat, strings

    choices = property(serializers.ChoiceField._get_choices, _set_choices)
