"""OpenAPI generation: drf-standardized-errors' error responses plus our common parameters."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from drf_standardized_errors.openapi import AutoSchema as StandardErrorsAutoSchema
from drf_standardized_errors.openapi_serializers import ClientErrorEnum
from rest_framework import serializers

SHAPING_PARAMETERS = [
    OpenApiParameter(
        "fields",
        OpenApiTypes.STR,
        description="Comma-separated field names to include (others are left out).",
    ),
    OpenApiParameter(
        "omit", OpenApiTypes.STR, description="Comma-separated field names to leave out."
    ),
    OpenApiParameter(
        "brief",
        OpenApiTypes.BOOL,
        description="Only id, url and display name: what another record needs to link to it.",
    ),
]


class ClientErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ClientErrorResponseSerializer(serializers.Serializer):
    """412 (stale If-Match), 409 (still referenced), 413 (body too large)."""

    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = ClientErrorSerializer(many=True)


#: Which extra error statuses each method can produce.
EXTRA_ERRORS_BY_METHOD = {
    "409": {"DELETE"},
    "412": {"PUT", "PATCH", "DELETE"},
    "413": {"POST", "PUT", "PATCH"},
}


class AutoSchema(StandardErrorsAutoSchema):
    def _should_add_error_response(self, responses: dict, status_code: str) -> bool:
        if status_code in EXTRA_ERRORS_BY_METHOD:
            return self.method in EXTRA_ERRORS_BY_METHOD[
                status_code
            ] and super()._should_add_error_response(responses, status_code)
        return super()._should_add_error_response(responses, status_code)

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self.method == "GET" and hasattr(self.view, "get_shape"):
            parameters += SHAPING_PARAMETERS
            formats = sorted({r.format for r in self.view.get_renderers()})
            parameters.append(
                OpenApiParameter(
                    "format",
                    OpenApiTypes.STR,
                    enum=formats,
                    description="Response format (also chosen by the Accept header).",
                )
            )
        return parameters
