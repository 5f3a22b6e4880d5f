"""The JSON request parser: DRF's, refusing what would otherwise be a 500 or an answer that
depends on the database.

* Nesting deeper than Python's recursion limit (``[[[[...`` ten thousand deep): the standard
  library's decoder raises RecursionError, which no view expects. Here it is a 400 parse error.
* Text no database column can hold, in any string of the body, keys included: NUL
  (``\\u0000``), which PostgreSQL refuses in text and its driver even in a lookup while SQLite
  takes it; and lone UTF-16 surrogates (``\\ud800``), which JSON can escape but UTF-8 cannot
  encode (the driver fails, and so does rendering an error message that quotes the value).
  Most serializer fields refuse both already, but not every field (a lookup by symbol, a
  choice, a key that is no field), so the parser refuses them everywhere, naming the place
  as serializer errors do (``citations.0.note``) and with DRF's codes.
"""

import re
from collections.abc import Mapping
from typing import IO, Any

from rest_framework import exceptions, parsers
from rest_framework.exceptions import ErrorDetail

#: The most places one answer lists.
MAX_REPORTED = 20
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
SURROGATE = re.compile("[\ud800-\udfff]")


def _quotable(path: str) -> str:
    """A path as an error can quote it: lone surrogates (which no encoder takes) written as
    ``\\uXXXX`` escapes."""
    return SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", path)


def _error(text: str) -> ErrorDetail | None:
    found = UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return ErrorDetail("Null characters are not allowed.", code="null_characters_not_allowed")
    return ErrorDetail(
        f"Surrogate characters are not allowed: U+{ord(found.group()):X}.",
        code="surrogate_characters_not_allowed",
    )


def unstorable_text(data: Any) -> dict[str, ErrorDetail]:
    """Where ``data`` (parsed JSON) holds text no column can store, by dotted path, in
    document order; iterative, since the data may be nested nearly as deep as the recursion
    limit."""
    found: dict[str, ErrorDetail] = {}
    stack: list[tuple[str, Any]] = [("", data)]
    while stack and len(found) < MAX_REPORTED:
        path, value = stack.pop()
        if isinstance(value, str):
            if (error := _error(value)) is not None:
                found[path or "non_field_errors"] = error
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                child = f"{path}.{key}" if path else key
                if (error := _error(key)) is not None:
                    found[_quotable(child)] = error
                else:
                    stack.append((child, item))
        elif isinstance(value, list):
            for index in range(len(value) - 1, -1, -1):
                stack.append((f"{path}.{index}" if path else str(index), value[index]))
    return found


class JSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("JSON parse error - nested too deeply.") from None
        errors = unstorable_text(data)
        if errors:
            raise exceptions.ValidationError({path: [error] for path, error in errors.items()})
        return data
