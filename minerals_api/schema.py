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
    # Shadows Serializer.errors in the stubs only: DRF's serializer metaclass pops declared fields.
    errors = ClientErrorSerializer(many=True)  # type: ignore[assignment]


#: Which extra error statuses each method can produce.
EXTRA_ERRORS_BY_METHOD = {
    "409": {"DELETE"},
    "412": {"PUT", "PATCH", "DELETE"},
    "413": {"POST", "PUT", "PATCH"},
}


SUMMARIES = {
    "list": "List {plural}",
    "retrieve": "Get {a} {singular}",
    "create": "Create {a} {singular}",
    "update": "Replace {a} {singular}",
    "partial_update": "Change part of {a} {singular}",
    "destroy": "Delete {a} {singular}",
}

IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="An ETag you hold: 304 Not Modified when the record still has it.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "The ETag of the full (unshaped) representation you read: the write is refused "
        "with 412 and changes nothing when the record has changed since."
    ),
)


class AutoSchema(StandardErrorsAutoSchema):
    """Adds to drf-standardized-errors' schema: a summary and a tag for every operation of a
    resource viewset (from its model's names), shaping and format parameters on reads, and
    the 409/412/413 error responses where they can happen."""

    def _model_meta(self) -> Any:
        queryset = getattr(self.view, "queryset", None)
        return queryset.model._meta if queryset is not None else None

    def get_summary(self) -> str | None:
        summary = super().get_summary()
        meta = self._model_meta()
        action = getattr(self.view, "action", None)
        if summary or meta is None or action not in SUMMARIES:
            return summary
        singular = str(meta.verbose_name)
        article = "an" if singular[0] in "aeiou" else "a"
        return SUMMARIES[action].format(
            a=article, singular=singular, plural=meta.verbose_name_plural
        )

    def get_tags(self) -> list[str]:
        meta = self._model_meta()
        if meta is not None and not getattr(self.view, "schema_tags", None):
            return [str(meta.verbose_name_plural)]
        return list(getattr(self.view, "schema_tags", None) or super().get_tags())

    def _should_add_error_response(self, responses: dict, status_code: str) -> bool:
        if status_code in EXTRA_ERRORS_BY_METHOD:
            return self.method in EXTRA_ERRORS_BY_METHOD[
                status_code
            ] and super()._should_add_error_response(responses, status_code)
        return super()._should_add_error_response(responses, status_code)

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        action = getattr(self.view, "action", None)
        if action == "retrieve":
            parameters.append(IF_NONE_MATCH)
        elif action in {"update", "partial_update", "destroy"}:
            parameters.append(IF_MATCH)
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
