"""OpenAPI generation: drf-standardized-errors' error responses plus our common parameters."""

import copy
import json
from typing import Any

from drf_spectacular.plumbing import ComponentIdentity, ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from drf_standardized_errors.openapi import AutoSchema as StandardErrorsAutoSchema
from drf_standardized_errors.openapi_serializers import ClientErrorEnum, ServerErrorEnum
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from apps.core.api.response_cache import reads_from_cache

BRIEF_PARAMETER = OpenApiParameter(
    "brief",
    OpenApiTypes.BOOL,
    description=(
        "Only id, url and display name: what another record needs to link to it. "
        "Cannot be combined with fields or omit (400)."
    ),
)


def shaping_parameters(field_names: list[str]) -> list[OpenApiParameter]:
    """``fields`` and ``omit``: comma-separated names of the resource's fields (``a,b``)."""
    names = {"type": "array", "items": {"type": "string", "enum": field_names}, "minItems": 1}
    return [
        OpenApiParameter(
            "fields",
            names,
            style="form",
            explode=False,
            description="Comma-separated field names to include (others are left out).",
        ),
        OpenApiParameter(
            "omit",
            names,
            style="form",
            explode=False,
            description="Comma-separated field names to leave out.",
        ),
        BRIEF_PARAMETER,
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


@extend_schema_field({"type": "string", "enum": ["validation_error", "client_error"]})
class BadRequestTypeField(serializers.CharField):
    pass


class BadRequestResponseSerializer(serializers.Serializer):
    """400: ``validation_error`` names the body field or query parameter in ``attr`` (null
    when the request as a whole is refused); ``client_error`` (code ``parse_error``) is a body
    that is not JSON. Any operation may answer it: unknown, repeated or malformed query
    parameters (``format`` included) are refused on every path."""

    type = BadRequestTypeField()
    errors = ClientErrorSerializer(many=True)  # type: ignore[assignment]


class ServerErrorResponseSerializer(serializers.Serializer):
    """503: the database is unreachable; retry after the Retry-After seconds."""

    type = serializers.ChoiceField(choices=ServerErrorEnum.choices)
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
CACHE_CONTROL = OpenApiParameter(
    "Cache-Control",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "`no-cache`: compute the answer afresh instead of taking it from the response cache "
        "(which any write empties at once); other values are ignored."
    ),
)
#: The response header saying whether a cacheable read came from the response cache.
RESPONSE_CACHE_HEADER = {
    "X-Response-Cache": {
        "description": "hit: served from the response cache; miss: computed and kept. Absent "
        "when the read was computed without the cache (no-cache, too large, caching off).",
        "schema": {"type": "string", "enum": ["hit", "miss"]},
    }
}
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
        if status_code == "400":  # query parameters (format at least) are checked everywhere
            return status_code not in responses
        if status_code in EXTRA_ERRORS_BY_METHOD:
            return self.method in EXTRA_ERRORS_BY_METHOD[
                status_code
            ] and super()._should_add_error_response(responses, status_code)
        return super()._should_add_error_response(responses, status_code)

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        action = getattr(self.view, "action", None)
        if self._reads_from_cache():
            parameters.append(CACHE_CONTROL)
        if action == "retrieve":
            parameters.append(IF_NONE_MATCH)
        elif action in {"update", "partial_update", "destroy"}:
            parameters.append(IF_MATCH)
        if self.method == "GET" and hasattr(self.view, "get_shape"):
            serializer_class = self.view.get_serializer_class()  # type: ignore[attr-defined]
            parameters += shaping_parameters(list(serializer_class(context={}).fields))
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

    def get_auth(self) -> list[dict[str, Any]]:
        """Anyone may read (DjangoModelPermissionsOrAnonReadOnly): credentials are optional on
        safe methods, which the empty security requirement says."""
        auths = list(super().get_auth())
        if self.method in SAFE_METHODS and auths and {} not in auths:
            auths.append({})
        return auths

    def _get_error_response_serializer(self, status_code: str) -> Any:
        if status_code == "400":
            return BadRequestResponseSerializer
        return super()._get_error_response_serializer(status_code)

    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        """Reads of a resource may be shaped (``fields``, ``omit``, ``brief``), so their
        representations require no field; ``format=geojson`` pages are FeatureCollections."""
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return operation
        if getattr(self.view, "action", None) == "retrieve":
            operation["responses"]["304"] = {
                "description": "Not Modified: the record still has the ETag given in "
                "If-None-Match (no body)."
            }
        if self._reads_from_cache():
            ok = operation["responses"].get("200", {})
            ok["headers"] = {**ok.get("headers", {}), **RESPONSE_CACHE_HEADER}
        for parameter in operation.get("parameters", []):
            if self._empty_means_absent(parameter):
                parameter["allowEmptyValue"] = True
        if self.method != "GET" or not hasattr(self.view, "get_shape"):
            return operation
        for code, response in operation.get("responses", {}).items():
            if not code.startswith("2"):
                continue
            for media_type, content in response.get("content", {}).items():
                shaped = self._shaped(content["schema"])
                if media_type == "application/geo+json" and self._is_list_view():
                    shaped = self._feature_collection(shaped)
                content["schema"] = shaped
        return operation

    def _reads_from_cache(self) -> bool:
        if self.method != "GET":
            return False
        handler_name = getattr(self.view, "action", None) or "get"
        return reads_from_cache(getattr(self.view, handler_name, None))

    def _empty_means_absent(self, parameter: dict[str, Any]) -> bool:
        """Filters and the derived views' options take ``name=`` as not given (django-filter,
        DRF form input); shaping, paging on lists and ``element`` refuse an empty value."""
        if parameter["in"] != "query" or parameter.get("required"):
            return False
        refused = {"fields", "omit", "brief", "element"}
        if hasattr(self.view, "get_shape"):
            refused |= {"limit", "offset"}
        return parameter["name"] not in refused

    def _component(self, name: str, schema: dict[str, Any]) -> dict[str, str]:
        component = ResolvedComponent(
            name=name,
            type=ResolvedComponent.SCHEMA,
            object=ComponentIdentity(name),
            schema=schema,
        )
        self.registry.register_on_missing(component)
        return component.ref

    def _shaped(self, schema: dict[str, Any]) -> dict[str, Any]:
        ref = schema.get("$ref")
        if not ref:
            return schema
        name = ref.rsplit("/", 1)[1]
        body = copy.deepcopy(self.registry[(name, ResolvedComponent.SCHEMA)].schema)
        if name.startswith("Paginated"):
            results = body["properties"]["results"]
            results["items"] = self._shaped(results["items"])
            return self._component(f"{name}Shaped", body)
        body.pop("required", None)
        for field, field_schema in body.get("properties", {}).items():
            if "enum" in json.dumps(field_schema):
                # The same property, by reference: a copied enum would be a second choice set
                # with the same name for drf-spectacular's enum naming.
                body["properties"][field] = {"$ref": f"{ref}/properties/{field}"}
        body["description"] = (
            f"A {name} as read: every field unless fields, omit or brief chose fewer."
        )
        return self._component(f"{name}Shaped", body)

    def _feature_collection(self, page: dict[str, Any]) -> dict[str, Any]:
        name = page["$ref"].rsplit("/", 1)[1]
        item = self.registry[(name, ResolvedComponent.SCHEMA)].schema["properties"]["results"][
            "items"
        ]
        nullable_uri = {"type": "string", "format": "uri", "nullable": True}
        feature = {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": ["Feature"]},
                "id": {"type": "integer"},
                "geometry": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string", "enum": ["Point"]},
                        "coordinates": {
                            "type": "array",
                            "items": {"type": "number"},
                            "minItems": 2,
                            "maxItems": 2,
                        },
                    },
                    "required": ["type", "coordinates"],
                },
                "properties": item,
            },
            "required": ["type", "geometry", "properties"],
        }
        collection = {
            "type": "object",
            "description": (
                "RFC 7946 FeatureCollection of the page: records without coordinates are left "
                "out and counted in excluded_without_coordinates."
            ),
            "properties": {
                "type": {"type": "string", "enum": ["FeatureCollection"]},
                "features": {"type": "array", "items": feature},
                "excluded_without_coordinates": {"type": "integer"},
                "count": {"type": "integer"},
                "next": nullable_uri,
                "previous": nullable_uri,
            },
            "required": ["type", "features", "excluded_without_coordinates", "count"],
        }
        return self._component(
            name.replace("Paginated", "", 1).replace("List", "", 1).replace("Shaped", "")
            + "FeatureCollection",
            collection,
        )
