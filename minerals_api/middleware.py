"""Request guards for the API, applied before any view reads the request.

* Size: :class:`RequestSizeLimitMiddleware` applies ``DATA_UPLOAD_MAX_MEMORY_SIZE`` to /api/
  requests up front, whatever the method, content type or credentials, and answers 413 in the
  API's error shape. DRF 3.17+ reads JSON bodies through ``request.body``, so Django's check
  now runs there too, but only when a view parses the body (after authentication) and as
  Django's ``RequestDataTooBig``, which comes out as a 500 through the exception handler: this
  middleware stays (tests/hostile/test_bodies.py).
* Text: Django decodes a query string leniently (a broken ``%zz`` is kept as typed, bytes that
  are not UTF-8 become U+FFFD), so a filter would quietly search for something the client never
  sent; and a NUL character reaches the database driver, which PostgreSQL refuses in text (a
  400 on one database, another answer on SQLite). :class:`MalformedRequestMiddleware` refuses
  those query strings with a 400 naming each parameter, and NUL in a header (RFC 9110 5.5
  allows rejecting it) with a 400 naming the header. NUL in JSON bodies is the parser's to
  refuse (``apps/core/api/parsers.py``), where the path of the value is known.
"""

import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from apps.core.api.errors import error_response, is_api_path


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and is_api_path(request):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                return error_response(
                    413,
                    "client_error",
                    [
                        {
                            "code": "request_too_large",
                            "detail": f"The request body is over the limit of {limit} bytes.",
                            "attr": None,
                        }
                    ],
                )
        return self.get_response(request)


#: A ``%`` not followed by two hex digits.
BROKEN_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
#: The most problems one answer lists (a query string can hold thousands of parameters).
MAX_REPORTED = 20


def _raw_query_string(request: HttpRequest) -> bytes:
    """The query string as the client sent it. WSGI hands it over as ISO-8859-1 text (PEP
    3333), Django's ASGI request as UTF-8 text."""
    text = request.META.get("QUERY_STRING", "")
    if hasattr(request, "environ"):
        try:
            return text.encode("iso-8859-1")
        except UnicodeEncodeError:
            pass
    return text.encode("utf-8", errors="surrogateescape")


def _decode_component(raw: bytes) -> tuple[str | None, dict[str, str] | None]:
    """(text, problem) of a name or value of a query string, decoded strictly; the problem,
    if any, as the ``code`` and ``detail`` of an error."""
    raw = raw.replace(b"+", b" ")
    if BROKEN_ESCAPE.search(raw):
        detail = "Invalid percent-encoding: every % must start a %XX escape (% is %25)."
        return None, {"code": "invalid", "detail": detail}
    try:
        text = unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return None, {"code": "invalid", "detail": "Not valid UTF-8 once percent-decoded."}
    if "\x00" in text:
        detail = "Null characters are not allowed."
        return text, {"code": "null_characters_not_allowed", "detail": detail}
    return text, None


def query_string_errors(raw: bytes) -> list[dict[str, str | None]]:
    """An error (in the API's shape) for every parameter the query string cannot carry."""
    errors: list[dict[str, str | None]] = []
    for pair in raw.split(b"&"):
        if not pair:
            continue
        raw_name, _, raw_value = pair.partition(b"=")
        name, problem = _decode_component(raw_name)
        if problem is None:
            _, problem = _decode_component(raw_value)
        if problem is not None:
            if name is None:  # the name itself is broken: show it as best it decodes
                name = unquote_to_bytes(raw_name).decode(errors="replace")
            errors.append({**problem, "attr": name})
            if len(errors) >= MAX_REPORTED:
                break
    return errors


def _header_name(meta_key: str) -> str:
    """``HTTP_IF_MATCH`` as the client wrote it: ``If-Match``."""
    return meta_key.removeprefix("HTTP_").replace("_", "-").title()


def header_errors(request: HttpRequest) -> list[dict[str, str | None]]:
    return [
        {
            "code": "null_characters_not_allowed",
            "detail": f"Null characters are not allowed in the {_header_name(key)} header.",
            "attr": None,
        }
        for key, value in request.META.items()
        if (key.startswith("HTTP_") or key in {"CONTENT_TYPE", "CONTENT_LENGTH"})
        and isinstance(value, str)
        and "\x00" in value
    ][:MAX_REPORTED]


class MalformedRequestMiddleware:
    """400 for /api/ requests whose query string or headers carry what no API value can."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api_path(request):
            headers = header_errors(request)
            if headers:
                return error_response(400, "client_error", headers)
            parameters = query_string_errors(_raw_query_string(request))
            if parameters:
                return error_response(400, "validation_error", parameters)
        return self.get_response(request)
