"""Conditional requests: strong ETags over the representation, If-None-Match and If-Match.

The ETag is a hash of the record's full JSON representation, so it changes with any change a
client can see: the record, its nested parts, its citations, the names of linked entities.
Writes compare If-Match against the ETag of the *full* (unshaped) representation while
holding the row lock, so two writers holding the same ETag cannot both succeed.
"""

import hashlib
from typing import Any

from rest_framework.request import Request

from apps.core.api.renderers import dumps


def etag_for(data: Any) -> str:
    return '"' + hashlib.sha256(dumps(data)).hexdigest()[:32] + '"'


def _tags(header: str) -> set[str]:
    return {tag.strip() for tag in header.split(",") if tag.strip()}


def if_none_match_hits(request: Request, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    tags = _tags(header)
    # Weak comparison for If-None-Match (RFC 9110 13.1.2).
    return "*" in tags or etag in tags or f"W/{etag}" in tags


def if_match_fails(request: Request, etag: str) -> bool:
    header = request.headers.get("If-Match")
    if not header:
        return False
    tags = _tags(header)
    # Strong comparison for If-Match (RFC 9110 13.1.1).
    return "*" not in tags and etag not in tags
