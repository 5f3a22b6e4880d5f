"""One error shape for every failure on /api/ paths.

DRF views go through drf-standardized-errors (``{"type", "errors": [{"code", "detail",
"attr"}]}``); this module extends it to database errors caused by bad input and provides
the same shape for Django's own 400/403/404/500 views, so /api/ never answers HTML.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from drf_standardized_errors.handler import ExceptionHandler as StandardExceptionHandler
from rest_framework import exceptions, status
from rest_framework.response import Response

from apps.core.api.renderers import ORJSONRenderer


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it (If-Match does not match its ETag)."
    default_code = "precondition_failed"


class ServiceUnavailable(exceptions.APIException):
    """The database cannot be reached: tell the client to come back, not that we broke."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The database is unavailable; try again shortly."
    default_code = "service_unavailable"
    wait = 5  # seconds, sent as Retry-After


def django_validation_error_as_drf(error: DjangoValidationError) -> exceptions.ValidationError:
    """Keep the field names (``region``, ``citations.0.source``) of a model validation error."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {
                ("non_field_errors" if name == "__all__" else name): [
                    message for item in items for message in item.messages
                ]
                for name, items in error.error_dict.items()
            }
        )
    return exceptions.ValidationError({"non_field_errors": error.messages})


class ExceptionHandler(StandardExceptionHandler):
    def run(self) -> Response | None:
        response = super().run()
        request = self.context.get("request")
        if response is not None and isinstance(response.data, dict):
            # A Django ValidationError raised without a code (a form field's clean, a model
            # validator) still gets one: clients branch on ``code``.
            for error in response.data.get("errors", []):
                if error.get("code") is None:
                    error["code"] = "invalid"
        if response is not None and request is not None:
            # Errors are JSON whatever format was asked for (format=csv, format=geojson):
            # a client must be able to read why its request failed.
            request.accepted_renderer = ORJSONRenderer()
            request.accepted_media_type = ORJSONRenderer.media_type
        return response

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if isinstance(exc, DjangoValidationError):
            return django_validation_error_as_drf(exc)
        if isinstance(exc, IntegrityError):
            # Validation catches these first; a race between two writers can still get here.
            return exceptions.ValidationError(
                {"non_field_errors": ["The change conflicts with another record (integrity)."]}
            )
        if isinstance(exc, OperationalError | InterfaceError):
            # Connection refused or lost. Django drops the broken connection at the end of
            # the request (CONN_HEALTH_CHECKS), so the next request reconnects by itself.
            return ServiceUnavailable()
        if isinstance(exc, DataError):
            return exceptions.ValidationError(
                {"non_field_errors": ["A value cannot be stored (wrong type, size or characters)."]}
            )
        return super().convert_known_exceptions(exc)


def error_response(
    status_code: int, error_type: str, errors: list[dict[str, str | None]]
) -> JsonResponse:
    """The API's error body, for answers given outside DRF views (Django's error views, the
    request guards, the health check); inside them drf-standardized-errors builds it."""
    return JsonResponse({"type": error_type, "errors": errors}, status=status_code)


def _error(status_code: int, error_type: str, code: str, detail: str) -> JsonResponse:
    return error_response(status_code, error_type, [{"code": code, "detail": detail, "attr": None}])


def is_api_path(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    if is_api_path(request):
        return _error(400, "client_error", "bad_request", "The request could not be understood.")
    return defaults.bad_request(request, exception, **kwargs)


def permission_denied(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    if is_api_path(request):
        return _error(403, "client_error", "permission_denied", "Permission denied.")
    return defaults.permission_denied(request, exception, **kwargs)


def page_not_found(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    if is_api_path(request):
        return _error(404, "client_error", "not_found", "Not found.")
    return defaults.page_not_found(request, exception, **kwargs)


@csrf_exempt  # a PUT to an unknown /api/ path with a cookie is a 404, not a CSRF page
def api_not_found(request: HttpRequest) -> HttpResponse:
    return _error(404, "client_error", "not_found", "Not found.")


def server_error(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    if is_api_path(request):
        return _error(500, "server_error", "error", "A server error occurred.")
    return defaults.server_error(request, **kwargs)
