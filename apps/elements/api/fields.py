"""How other resources refer to elements: by symbol, with a clear error for an unknown one."""

from typing import Any

from rest_framework import serializers

from apps.elements.models import Element


class ElementSymbolField(serializers.PrimaryKeyRelatedField):
    """An element as its symbol (the primary key), e.g. ``"Dy"``."""

    default_error_messages = {
        **serializers.PrimaryKeyRelatedField.default_error_messages,
        "does_not_exist": "Unknown element symbol '{pk_value}'.",
        "incorrect_type": 'Give an element symbol as a string, e.g. "Dy".',
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Element.objects.all())
        kwargs.setdefault("pk_field", serializers.CharField(max_length=3))
        super().__init__(**kwargs)

    def use_pk_only_optimization(self) -> bool:
        return True
