"""Renderers: orjson for JSON (fast, handles dates and decimals), CSV for every list."""

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from rest_framework.renderers import BaseRenderer


def _default(value: Any) -> Any:
    # Lazy strings, Country objects, Decimals not already strings: their text form.
    return str(value)


def dumps(data: Any) -> bytes:
    return orjson.dumps(data, default=_default, option=orjson.OPT_NON_STR_KEYS)


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if data is None:
            return b""
        return dumps(data)


def _cell(value: Any) -> str:
    """Flatten one value: lists ';'-joined, linked records by their first (identifying) value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return _cell(next(iter(value.values()), ""))
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ";".join(_cell(item) for item in value)
    return str(value)


class CSVRenderer(BaseRenderer):
    """The page of a list as CSV: one row per record, the same columns as the JSON objects.

    The header comes from the view's ``csv_columns()`` when it has one, so an empty page is
    still a CSV document (a header line) rather than an empty body without a content type."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if data is None:  # a body-less response (304 Not Modified)
            return b""
        if isinstance(data, Mapping) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        buffer = io.StringIO()
        view = (renderer_context or {}).get("view")
        columns = list(rows[0].keys()) if rows else getattr(view, "csv_columns", list)()
        if columns:
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_cell(row.get(column)) for column in columns])
        return buffer.getvalue().encode("utf-8")
