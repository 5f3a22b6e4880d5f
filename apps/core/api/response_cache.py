"""Read responses kept until the dataset changes.

The dataset is read far more often than it is written, and many clients ask the same
questions (the first page of deposits, what is controlled today). A response to a GET is kept
in Django's cache under a key made of the dataset's version (what the function named by the
``API_DATASET_VERSION`` setting returns: the newest change-feed event id), today's date
(derived answers default to ``as_of=today``), the negotiated format and the full URL. Any
write appends a change event, so no response is served after the data it was computed from has
changed; there is nothing to invalidate and nothing to forget.

What is cached: 200 responses up to ``API_RESPONSE_CACHE_MAX_BYTES``, for
``API_RESPONSE_CACHE_SECONDS`` (0 turns caching off). Throttling, authentication and parameter
checks run before the cache is consulted. A client that sends ``Cache-Control: no-cache``
gets a freshly computed answer (the benchmark uses it to measure the work itself). Responses
say ``X-Response-Cache: hit`` or ``miss``. The ``responses`` cache is per process by default
(local memory, at most ``API_RESPONSE_CACHE_ENTRIES`` responses) and shared by all processes
with ``CACHE_URL`` (Redis).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache, wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseBase
from django.utils.module_loading import import_string
from rest_framework import status
from rest_framework.request import Request

from apps.core.api.conditional import if_none_match_hits
from apps.core.api.fields import today_utc

HEADER = "X-Response-Cache"
#: The cache alias (settings.CACHES) that holds responses.
CACHE = "responses"


@cache
def _version_function(dotted_path: str) -> Any:
    return import_string(dotted_path)


def dataset_version() -> str:
    """The value the ``API_DATASET_VERSION`` function returns now (it changes with any write)."""
    return str(_version_function(settings.API_DATASET_VERSION)())


def cache_key(request: Request) -> str | None:
    """The key of this request's response, or None when it must be computed afresh."""
    if not settings.API_RESPONSE_CACHE_SECONDS or request.method not in {"GET", "HEAD"}:
        return None
    if "no-cache" in request.headers.get("Cache-Control", "").lower():
        return None
    key_components = [
        dataset_version(),
        today_utc().isoformat(),
        str(request.accepted_media_type),
        request.build_absolute_uri(),
    ]
    return "api-response:" + hashlib.sha256("\n".join(key_components).encode()).hexdigest()


def cached_response(request: Request, key: str) -> HttpResponseBase | None:
    """The stored response (304 when ``If-None-Match`` names its ETag), or None."""
    stored: tuple[str, bytes, str | None] | None = caches[CACHE].get(key)
    if stored is None:
        return None
    content_type, body, etag = stored
    if etag and if_none_match_hits(request, etag):
        response: HttpResponseBase = HttpResponse(status=status.HTTP_304_NOT_MODIFIED)
    else:
        response = HttpResponse(body, content_type=content_type)
    if etag:
        response["ETag"] = etag
    response[HEADER] = "hit"
    return response


def store_response(key: str, response: Any) -> None:
    """Keep a freshly computed 200 response (rendered here) if it is small enough."""
    if response.status_code != status.HTTP_200_OK or response.streaming:
        return
    if hasattr(response, "render"):
        response.render()
    response[HEADER] = "miss"
    body = response.content
    if len(body) <= settings.API_RESPONSE_CACHE_MAX_BYTES:
        stored = (response["Content-Type"], body, response.get("ETag"))
        caches[CACHE].set(key, stored, settings.API_RESPONSE_CACHE_SECONDS)


Handler = Callable[..., Any]


def cached_read(handler: Handler) -> Handler:
    """Mark a GET handler of a :class:`CachedReadsMixin` view as served from the response
    cache: the stored response when there is one, else the handler's, which
    ``finalize_response`` then stores. The schema documents what the mark promises (the
    Cache-Control request header, the X-Response-Cache response header)."""

    @wraps(handler)
    def read(view: CachedReadsMixin, request: Request, *args: Any, **kwargs: Any) -> Any:
        cached = view.read_from_cache()
        return cached if cached is not None else handler(view, request, *args, **kwargs)

    read.reads_from_response_cache = True  # type: ignore[attr-defined]
    return read


def reads_from_cache(handler: Handler | None) -> bool:
    """Whether ``handler`` is marked with :func:`cached_read`."""
    return bool(getattr(handler, "reads_from_response_cache", False))


class CachedReadsMixin:
    """For API views whose read handlers are marked with :func:`cached_read`: stores the
    responses those handlers compute."""

    _response_cache_key: str | None = None

    def read_from_cache(self) -> HttpResponseBase | None:
        request: Request = self.request  # type: ignore[attr-defined]
        self._response_cache_key = cache_key(request)
        if self._response_cache_key is None:
            return None
        return cached_response(request, self._response_cache_key)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if self._response_cache_key is not None and HEADER not in response:
            store_response(self._response_cache_key, response)
        return response
