"""Links to API resources that are the same whatever format the request asked for.

DRF's ``reverse()`` copies the request's ``?format=`` into every URL it builds, so a record
read with ``?format=json`` (or listed as CSV) would link to ``.../1/?format=json``: its body,
and so its ETag, would depend on how it was asked for, and a CSV ``url`` cell would point at
CSV. A link names a resource; the client chooses the format when it follows it.
"""

from collections.abc import Callable
from typing import Any

from django.urls import reverse as django_reverse
from rest_framework import serializers
from rest_framework.request import Request


def resource_link(
    viewname: str,
    args: Any = None,
    kwargs: Any = None,
    request: Request | None = None,
    format: str | None = None,
    **extra: Any,
) -> str:
    """DRF's ``reverse()`` signature (so fields can use it), without the format override."""
    url = django_reverse(viewname, args=args, kwargs=kwargs, **extra)
    return request.build_absolute_uri(url) if request is not None else url


def record_links(viewname: str, request: Request | None) -> Callable[[Any], str]:
    """``pk -> link`` for many records of one kind, resolving the URL pattern once: an answer
    citing thousands of measures would otherwise reverse thousands of times."""
    head, tail = resource_link(viewname, args=[1], request=request).rsplit("/1/", 1)
    return lambda pk: f"{head}/{pk}/{tail}"


class ResourceLinkField(serializers.HyperlinkedIdentityField):
    """The record's own ``url``, built by :func:`resource_link`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reverse = resource_link
