"""Queryset shaping for the API: each resource declares which joins each field needs.

``for_api(fields)`` joins or prefetches only what the chosen fields render, so ``fields``,
``omit`` and ``brief`` cut queries as well as bytes, and a list runs a fixed number of
queries whatever its page size.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar, Self

from django.db import models


class RecordQuerySet(models.QuerySet):
    #: serializer field name -> select_related lookups it needs
    api_select: ClassVar[dict[str, tuple[str, ...]]] = {}
    #: serializer field name -> prefetch_related lookups it needs
    api_prefetch: ClassVar[dict[str, tuple[str | models.Prefetch, ...]]] = {}

    def for_api(self, fields: Collection[str] | None = None) -> Self:
        def wanted(name: str) -> bool:
            return fields is None or name in fields

        selects = [
            lookup for f, lookups in self.api_select.items() if wanted(f) for lookup in lookups
        ]
        prefetches = [
            lookup for f, lookups in self.api_prefetch.items() if wanted(f) for lookup in lookups
        ]
        queryset = self
        if selects:
            queryset = queryset.select_related(*selects)
        if prefetches:
            queryset = queryset.prefetch_related(*prefetches)
        return queryset
