"""Request-size guard for the API.

DRF parses JSON from the request stream, which bypasses Django's
``DATA_UPLOAD_MAX_MEMORY_SIZE`` check on ``request.body``; this middleware applies the same
limit to /api/ requests up front and answers 413 in the API's error shape.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                return JsonResponse(
                    {
                        "type": "client_error",
                        "errors": [
                            {
                                "code": "request_too_large",
                                "detail": f"The request body is over the limit of {limit} bytes.",
                                "attr": None,
                            }
                        ],
                    },
                    status=413,
                )
        return self.get_response(request)
